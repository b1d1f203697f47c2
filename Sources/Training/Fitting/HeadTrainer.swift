import Foundation
import SeededRandom

/// Fits a head on frozen features: full-batch L-BFGS for the linear head (a smooth convex problem, where it
/// converges in a few hundred cheap passes), mini-batch Adam for the MLP. Deterministic for a seed. With a
/// validation set, keeps the weights of the lowest validation loss and stops after `patience` epochs without
/// improvement.
public struct HeadTrainer {
    public let options: FitOptions
    public let classes: Int

    public init(options: FitOptions, classes: Int) {
        self.options = options
        self.classes = classes
    }

    public func fit(train: FeatureMatrix, validation: FeatureMatrix?, progress: (FitProgress) -> Void = { _ in }) -> HeadParameters {
        let start = HeadParameters(kind: options.kind, features: train.columns, hidden: options.hidden, classes: classes, seed: options.seed)
        let objective = HeadObjective(shape: start, l2: options.l2)
        var stopper = EarlyStopping(patience: options.patience, start: start.flat)
        func report(_ epoch: Int, _ loss: Double, _ parameters: [Float]) -> Bool {
            guard let validation, validation.rows > 0 else {
                progress(FitProgress(epoch: epoch, loss: loss, validationLoss: nil, validationAccuracy: nil))
                return false
            }
            let (validationLoss, accuracy) = Self.validate(parameters, shape: start, objective: objective, on: validation)
            progress(FitProgress(epoch: epoch, loss: loss, validationLoss: validationLoss, validationAccuracy: accuracy))
            return stopper.observe(validationLoss, parameters)
        }
        let flat: [Float]
        switch options.kind {
        case .linear: flat = lbfgs(start.flat, objective: objective, train: train, report: report)
        case .mlp: flat = adam(start.flat, objective: objective, train: train, report: report)
        }
        let best = validation.map { $0.rows > 0 } == true ? stopper.best : flat
        return start.with(flat: best)
    }

    static func validate(_ parameters: [Float], shape: HeadParameters, objective: HeadObjective, on set: FeatureMatrix) -> (Double, Double) {
        let head = shape.with(flat: parameters)
        let logits = set.values.withUnsafeBufferPointer { head.logits($0.baseAddress!, rows: set.rows) }
        var loss: Double = 0, correct = 0
        for (row, label) in set.labels.enumerated() {
            let base = row * head.classes
            var top = -Float.infinity, arg = 0
            for k in 0..<head.classes where logits[base + k] > top { top = logits[base + k]; arg = k }
            var sum: Double = 0
            for k in 0..<head.classes { sum += exp(Double(logits[base + k] - top)) }
            loss += log(sum) - Double(logits[base + label] - top)
            if arg == label { correct += 1 }
        }
        return (loss / Double(set.rows), Double(correct) / Double(set.rows))
    }

    private func lbfgs(_ initial: [Float], objective: HeadObjective, train: FeatureMatrix,
                       report: (Int, Double, [Float]) -> Bool) -> [Float] {
        let n = initial.count, memory = 10
        var x = initial
        var gradient = [Float](repeating: 0, count: n)
        func evaluate(_ point: [Float], _ g: inout [Float]) -> Double {
            for i in g.indices { g[i] = 0 }
            return train.values.withUnsafeBufferPointer { values in
                g.withUnsafeMutableBufferPointer {
                    objective.evaluate(point, x: values.baseAddress!, labels: train.labels[...], rows: train.rows, gradient: $0.baseAddress!)
                }
            }
        }
        var loss = evaluate(x, &gradient)
        var history: [(s: [Float], y: [Float], rho: Float)] = []
        var candidate = [Float](repeating: 0, count: n), candidateGradient = gradient
        for iteration in 1...max(1, options.epochs) {
            // Two-loop recursion: direction = -H · gradient.
            var q = gradient
            var alphas = [Float](repeating: 0, count: history.count)
            for index in history.indices.reversed() {
                alphas[index] = history[index].rho * dot(history[index].s, q)
                axpy(-alphas[index], history[index].y, &q)
            }
            if let last = history.last {
                let gamma = dot(last.s, last.y) / dot(last.y, last.y)
                for i in q.indices { q[i] *= gamma }
            }
            for index in history.indices {
                let beta = history[index].rho * dot(history[index].y, q)
                axpy(alphas[index] - beta, history[index].s, &q)
            }
            var direction = q.map { -$0 }
            var slope = dot(gradient, direction)
            if !(slope < 0) {
                direction = gradient.map { -$0 }
                slope = dot(gradient, direction)
                history.removeAll()
            }
            let gradientNorm = dot(gradient, gradient).squareRoot()
            guard gradientNorm > 1e-6 else { break }
            // Backtracking line search (Armijo).
            var step: Float = history.isEmpty ? min(1, 1 / gradientNorm) : 1
            var candidateLoss = Double.infinity, accepted = false
            for _ in 0..<40 {
                for i in 0..<n { candidate[i] = x[i] + step * direction[i] }
                candidateLoss = evaluate(candidate, &candidateGradient)
                if candidateLoss <= loss + 1e-4 * Double(step * slope) { accepted = true; break }
                step *= 0.5
            }
            guard accepted else { break }
            var s = candidate, y = candidateGradient
            for i in 0..<n { s[i] -= x[i]; y[i] -= gradient[i] }
            let sy = dot(s, y)
            if sy > 1e-10 {
                history.append((s, y, 1 / sy))
                if history.count > memory { history.removeFirst() }
            }
            let improvement = loss - candidateLoss
            swap(&x, &candidate)
            swap(&gradient, &candidateGradient)
            loss = candidateLoss
            if report(iteration, loss, x) { break }
            if improvement < 1e-9 * max(1, abs(loss)) { break }
        }
        return x
    }

    private func adam(_ initial: [Float], objective: HeadObjective, train: FeatureMatrix,
                      report: (Int, Double, [Float]) -> Bool) -> [Float] {
        let n = initial.count, d = train.columns, batch = max(1, options.batchSize)
        var x = initial
        var m = [Float](repeating: 0, count: n), v = m, gradient = m
        var generator = SeededGenerator(seed: options.seed ^ 0x5EED)
        var order = Array(0..<train.rows)
        var batchValues = [Float](repeating: 0, count: batch * d)
        var step = 0
        let beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-8
        for epoch in 1...max(1, options.epochs) {
            order.shuffle(using: &generator)
            var epochLoss: Double = 0
            var first = 0
            while first < order.count {
                let rows = min(batch, order.count - first)
                var labels: [Int] = []
                labels.reserveCapacity(rows)
                train.values.withUnsafeBufferPointer { values in
                    batchValues.withUnsafeMutableBufferPointer { out in
                        for r in 0..<rows {
                            let source = order[first + r]
                            (out.baseAddress! + r * d).update(from: values.baseAddress! + source * d, count: d)
                            labels.append(train.labels[source])
                        }
                    }
                }
                for i in gradient.indices { gradient[i] = 0 }
                let loss = batchValues.withUnsafeBufferPointer { values in
                    gradient.withUnsafeMutableBufferPointer {
                        objective.evaluate(x, x: values.baseAddress!, labels: labels[...], rows: rows, gradient: $0.baseAddress!)
                    }
                }
                epochLoss += loss * Double(rows)
                step += 1
                let correction1 = 1 - pow(beta1, Float(step)), correction2 = 1 - pow(beta2, Float(step))
                for i in 0..<n {
                    m[i] = beta1 * m[i] + (1 - beta1) * gradient[i]
                    v[i] = beta2 * v[i] + (1 - beta2) * gradient[i] * gradient[i]
                    x[i] -= options.learningRate * (m[i] / correction1) / ((v[i] / correction2).squareRoot() + epsilon)
                }
                first += rows
            }
            if report(epoch, epochLoss / Double(max(train.rows, 1)), x) { break }
        }
        return x
    }

    private func dot(_ a: [Float], _ b: [Float]) -> Float {
        var sum: Double = 0
        for i in a.indices { sum += Double(a[i]) * Double(b[i]) }
        return Float(sum)
    }

    private func axpy(_ alpha: Float, _ x: [Float], _ y: inout [Float]) {
        for i in y.indices { y[i] += alpha * x[i] }
    }
}
