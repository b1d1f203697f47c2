// SwiftPM drops pkg-config's -D flags, so the wide-character API must be switched on here.
#define NCURSES_WIDECHAR 1
#define _XOPEN_SOURCE_EXTENDED 1
#include <locale.h>
#include <ncurses.h>
#include <term.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

// Macros and globals Swift cannot import (or, for C globals, cannot touch under strict concurrency).
static inline attr_t cn_a_normal(void) { return A_NORMAL; }
static inline attr_t cn_a_bold(void) { return A_BOLD; }
static inline attr_t cn_a_dim(void) { return A_DIM; }
static inline attr_t cn_a_underline(void) { return A_UNDERLINE; }
static inline attr_t cn_a_reverse(void) { return A_REVERSE; }
static inline WINDOW *cn_stdscr(void) { return stdscr; }
static inline int cn_colors(void) { return COLORS; }
static inline int cn_color_pairs(void) { return COLOR_PAIRS; }
static inline int cn_lines(void) { return LINES; }
static inline int cn_cols(void) { return COLS; }
static inline mmask_t cn_mouse_mask(void) {
    return BUTTON1_PRESSED | BUTTON1_CLICKED | BUTTON1_DOUBLE_CLICKED | BUTTON4_PRESSED | BUTTON5_PRESSED;
}
static inline int cn_mouse_is_click(mmask_t state) {
    return (state & (BUTTON1_PRESSED | BUTTON1_CLICKED | BUTTON1_DOUBLE_CLICKED)) != 0;
}
static inline int cn_mouse_is_wheel_up(mmask_t state) { return (state & BUTTON4_PRESSED) != 0; }
static inline int cn_mouse_is_wheel_down(mmask_t state) { return (state & BUTTON5_PRESSED) != 0; }

/// Private key codes (above KEY_MAX) that ncurses returns for the bracketed-paste markers.
static inline int cn_key_paste_begin(void) { return KEY_MAX + 1; }
static inline int cn_key_paste_end(void) { return KEY_MAX + 2; }
/// Teaches ncurses the bracketed-paste markers `ESC [ 200 ~` and `ESC [ 201 ~`.
static inline void cn_define_paste_keys(void) {
    define_key("\033[200~", KEY_MAX + 1);
    define_key("\033[201~", KEY_MAX + 2);
}

/// `newterm` on the process's standard output and input (`stdout`/`stdin` are not usable from Swift 6).
static inline SCREEN *cn_newterm_stdio(const char *type) { return newterm(type, stdout, stdin); }

/// Sets the colours and attributes of a wide cell; the pair goes through `opts`, so pairs above 255 work.
static inline int cn_setcchar(cchar_t *cell, const wchar_t *text, attr_t attributes, int pair) {
    return setcchar(cell, text, attributes, 0, &pair);
}

// Terminal restoration that does not depend on the Swift side running again: on a fatal or termination
// signal, and at exit, the original termios is put back and the reset string (leave the alternate screen,
// show the cursor, plain attributes, mouse and keypad modes off) is written with write(2), which is
// async-signal-safe. Termination signals are then re-raised with the default action, crash signals are
// handed to the handler that was there before (the Swift runtime's backtracer).
//
// The state lives in a function-local static: C globals defined in a module header are not emitted by
// Swift's importer. Each object file that calls these functions gets its own copy of the state, so only
// one Swift file (CursesTerminal.swift) may call them.
struct cn_restore_state {
    volatile sig_atomic_t armed;
    int installed;
    int fd;
    int have_termios;
    struct termios termios;
    size_t length;
    char bytes[512];
    struct sigaction previous[32];
};

static inline struct cn_restore_state *cn_restore_storage(void) {
    static struct cn_restore_state state;
    return &state;
}

static inline void cn_restore_now(void) {
    struct cn_restore_state *s = cn_restore_storage();
    if (!s->armed) return;
    s->armed = 0;
    if (s->have_termios) tcsetattr(STDIN_FILENO, TCSAFLUSH, &s->termios);
    size_t written = 0;
    while (written < s->length) {
        ssize_t n = write(s->fd, s->bytes + written, s->length - written);
        if (n <= 0) break;
        written += (size_t)n;
    }
}

static inline void cn_restore_on_signal(int signo) {
    cn_restore_now();
    if (signo == SIGSEGV || signo == SIGBUS || signo == SIGILL || signo == SIGTRAP || signo == SIGFPE
        || signo == SIGABRT) {
        sigaction(signo, &cn_restore_storage()->previous[signo], NULL);
        raise(signo);
        return;
    }
    signal(signo, SIG_DFL);
    raise(signo);
}

static inline void cn_restore_at_exit(void) { cn_restore_now(); }

/// Arms restoration: `fd` is the terminal output, `termios` the state of standard input before curses
/// started (NULL to skip), `bytes` the reset string. Installs the handlers and the atexit hook once per process.
static inline void cn_restore_arm(int fd, const struct termios *termios, const char *bytes, size_t length) {
    struct cn_restore_state *s = cn_restore_storage();
    if (length > sizeof(s->bytes)) length = sizeof(s->bytes);
    memcpy(s->bytes, bytes, length);
    s->length = length;
    s->fd = fd;
    s->have_termios = termios != NULL;
    if (termios) s->termios = *termios;
    if (!s->installed) {
        s->installed = 1;
        int signals[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGFPE, SIGABRT };
        for (size_t i = 0; i < sizeof(signals) / sizeof(signals[0]); i++) {
            struct sigaction action;
            memset(&action, 0, sizeof(action));
            action.sa_handler = cn_restore_on_signal;
            sigemptyset(&action.sa_mask);
            action.sa_flags = SA_RESETHAND;
            sigaction(signals[i], &action, &s->previous[signals[i]]);
        }
        atexit(cn_restore_at_exit);
    }
    s->armed = 1;
}

/// Disarms restoration (after a normal endwin).
static inline void cn_restore_disarm(void) { cn_restore_storage()->armed = 0; }
