#ifndef C_TERMINAL_RESTORE_H
#define C_TERMINAL_RESTORE_H

#include <stddef.h>
#include <termios.h>

// Terminal restoration that does not depend on Swift code running again. While armed:
// - SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGPIPE, SIGALRM and the crash signals (SIGSEGV,
//   SIGBUS, SIGILL, SIGTRAP, SIGFPE, SIGABRT) put the original termios back, write the reset string, and end
//   the process with the signal's default action (so the parent sees the conventional status);
// - SIGTSTP restores the terminal the same way, stops the process, and on SIGCONT puts the program's termios
//   back, writes the enter string and marks the screen for a full redraw (`tr_take_resumed`);
// - exit() restores the terminal.
// Only async-signal-safe calls (tcgetattr, tcsetattr, write, sigaction, sigprocmask, raise) run in handlers.
// While disarmed, a signal goes to whatever handled it before (the Swift runtime's backtracer for crashes).

/// Arms restoration: `fd` is the terminal output, `original` the termios of standard input before curses
/// started (NULL to skip), `reset` what undoes the program's terminal modes, `enter` what sets them again.
/// Installs the handlers and the atexit hook once per process.
void tr_arm(int fd, const struct termios *original, const char *reset, size_t reset_length,
            const char *enter, size_t enter_length);

/// Disarms restoration (after a normal endwin).
void tr_disarm(void);

/// True (once) after the process was stopped and continued while armed: the screen must be redrawn whole.
int tr_take_resumed(void);

#endif
