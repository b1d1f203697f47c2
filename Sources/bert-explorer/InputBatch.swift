import Explorer
import TerminalUI

/// Events read in one turn of the loop, in order: runs of typed keys and runs of pasted text.
struct InputBatch {
    private enum Run {
        case keys([InputEvent])
        case paste(String)
    }

    private var runs: [Run] = []
    private var keys: [InputEvent] = []
    private var text = ""

    mutating func add(_ event: InputEvent, pasted: Bool) {
        if pasted, case .character(let c) = event {
            if !keys.isEmpty { runs.append(.keys(keys)); keys = [] }
            text.append(c)
        } else {
            if !text.isEmpty { runs.append(.paste(text)); text = "" }
            keys.append(event)
        }
    }

    func apply(to session: ExplorerSession) {
        let all = runs + (keys.isEmpty ? [] : [.keys(keys)]) + (text.isEmpty ? [] : [.paste(text)])
        for run in all {
            guard !session.state.shouldQuit else { return }
            switch run {
            case .keys(let events): session.handle(events)
            case .paste(let text): session.paste(text)
            }
        }
    }
}
