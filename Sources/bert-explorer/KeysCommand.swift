import ArgumentParser
import CursesBackend
import Foundation
import TerminalUI

/// Diagnostic: opens the curses backend, shows every decoded `InputEvent` and colour-ramp test
/// strips, until `q` or Ctrl-C. Used by the tmux tests and to check a terminal's keys and colours.
struct KeysCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "Show decoded key, mouse and resize events and colour test strips (q quits).")

    @Flag(name: .customLong("pair-test"), help: "Fill the screen with more colour pairs than 255 instead.")
    var pairTest = false

    func run() throws {
        let terminal = try CommandFailure.wrap {
            try CursesTerminal(colorMode: ColorMode.from(environment: ProcessInfo.processInfo.environment))
        }
        defer { terminal.stop() }
        var events: [String] = []
        var quitBy = "q"
        while true {
            let (width, height) = terminal.size
            let screen = pairTest ? Self.pairGrid(width: width, height: height)
                : render(terminal: terminal, width: width, height: height, events: events)
            terminal.draw(screen, cursor: nil)
            guard let event = terminal.nextEvent(timeoutMilliseconds: 1000) else { continue }
            if event == .character("q") { break }
            if event == .control("c") {
                quitBy = "Ctrl-C"
                break
            }
            events.append("\(events.count + 1) \(Self.describe(event))")
        }
        terminal.stop()
        print("keys: quit by \(quitBy) after \(events.count) events")
    }

    private func render(terminal: CursesTerminal, width: Int, height: Int, events: [String]) -> Screen {
        var screen = Screen(width: width, height: height)
        let mode = terminal.colorMode
        screen.put("bert-explorer keys: press keys, click, scroll, resize; q quits", x: 0, y: 0, style: .bold)
        let term = ProcessInfo.processInfo.environment["TERM"] ?? "?"
        screen.put("TERM=\(term) COLORS=\(terminal.terminalColors) size=\(width)x\(height) "
                   + "mode=\(terminal.requestedColorMode)->\(mode)", x: 0, y: 1)
        for (row, ramp) in [ColorRamp.viridis, .magma].enumerated() {
            screen.put(ramp.name, x: 0, y: 2 + row)
            Legend(ramp: ramp, range: 0...1).draw(in: &screen, x: 8, y: 2 + row, width: max(0, width - 8), mode: mode)
        }
        screen.put("shade", x: 0, y: 4)
        let strip = max(0, width - 8)
        for i in 0..<strip {
            screen.put(String(ColorRamp.shade(at: Double(i) / Double(max(1, strip - 1)))), x: 8 + i, y: 4)
        }
        let box = Frame(title: "events (newest last)").draw(in: &screen, x: 0, y: 5, width: width,
                                                            height: max(0, height - 5))
        for (row, line) in events.suffix(max(0, box.height)).enumerated() {
            screen.put(line, x: box.x + 1, y: box.y + row, maxX: box.x + box.width)
        }
        return screen
    }

    /// Upper half blocks whose foreground and background walk the palette independently: a 100×30
    /// screen holds about 3000 distinct pairs, far past the 255 that `COLOR_PAIR` can address.
    static func pairGrid(width: Int, height: Int) -> Screen {
        var screen = Screen(width: width, height: height)
        for y in 0..<height {
            for x in 0..<width {
                screen.put("▀", x: x, y: y, foreground: .indexed(UInt8(16 + (x + y * width) % 240)),
                           background: .indexed(UInt8(16 + (x * 7 + y * 11) % 240)))
            }
        }
        return screen
    }

    private static func describe(_ event: InputEvent) -> String {
        switch event {
        case .character(let c):
            let codes = c.unicodeScalars.map { String(format: "U+%04X", $0.value) }.joined(separator: " ")
            return "character \(c) \(codes)"
        case .control(let c): return "control \(c)"
        case .key(let key): return "key \(key)"
        case .click(let x, let y): return "click x=\(x) y=\(y)"
        case .scroll(let up, let x, let y): return "scroll \(up ? "up" : "down") x=\(x) y=\(y)"
        case .resize(let width, let height): return "resize \(width)x\(height)"
        }
    }
}
