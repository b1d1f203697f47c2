// SwiftPM drops pkg-config's -D flags, so the wide-character API must be switched on here.
#define NCURSES_WIDECHAR 1
#define _XOPEN_SOURCE_EXTENDED 1
#include <locale.h>
#include <ncurses.h>
#include <term.h>
#include <termios.h>

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

/// `tiparm` (variadic, so not callable from Swift) with one or two integer parameters.
static inline char *cn_tiparm1(const char *capability, int a) { return tiparm(capability, a); }
static inline char *cn_tiparm2(const char *capability, int a, int b) { return tiparm(capability, a, b); }

/// Columns of a wide character in the current locale (glibc declares `wcwidth` only under _XOPEN_SOURCE).
extern int wcwidth(wchar_t c);
static inline int cn_wcwidth(wchar_t c) { return wcwidth(c); }
