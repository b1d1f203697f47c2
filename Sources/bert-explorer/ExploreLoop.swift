import CursesBackend
import Explorer
import Foundation
import TerminalUI

/// The event loop: draw when something changed, wait briefly for input, apply every queued event before the
/// next frame (a paste arrives as many, and is tokenized once per batch), and pick up encoder results as they
/// land. Text inside a bracketed paste goes to the input line as text, never as key commands.
struct ExploreLoop {
    let session: ExplorerSession
    let terminal: CursesTerminal
    /// How long to wait for a key before checking for an encoder result.
    var pollMilliseconds = 15

    func run() {
        var dirty = true
        while !session.state.shouldQuit {
            if dirty {
                let frame = session.render()
                terminal.draw(frame.screen, cursor: frame.cursor)
                dirty = false
            }
            if let event = terminal.nextEvent(timeoutMilliseconds: pollMilliseconds) {
                var batch = InputBatch()
                batch.add(event, pasted: terminal.isPasting)
                while let next = terminal.nextEvent(timeoutMilliseconds: 0) {
                    batch.add(next, pasted: terminal.isPasting)
                }
                batch.apply(to: session)
                dirty = true
            }
            if session.poll() { dirty = true }
        }
    }
}
