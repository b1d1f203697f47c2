#include "CTerminalRestore.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

// One definition for the whole process (it used to be a function-local static in a header, copied into
// every object file that included it).
static struct {
    volatile sig_atomic_t armed;
    volatile sig_atomic_t resumed;
    int installed;
    int fd;
    int have_termios;
    struct termios original;
    size_t reset_length;
    char reset[512];
    size_t enter_length;
    char enter[512];
    struct sigaction previous[NSIG];
} state;

static const int ending_signals[] = {
    SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGPIPE, SIGALRM,
    SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGFPE, SIGABRT,
};

static void write_all(const char *bytes, size_t length) {
    size_t written = 0;
    while (written < length) {
        ssize_t n = write(state.fd, bytes + written, length - written);
        if (n <= 0) break;
        written += (size_t)n;
    }
}

static void restore_now(void) {
    if (state.have_termios) tcsetattr(STDIN_FILENO, TCSAFLUSH, &state.original);
    write_all(state.reset, state.reset_length);
}

static void set_handler(int signo, void (*handler)(int)) {
    struct sigaction action;
    memset(&action, 0, sizeof(action));
    action.sa_handler = handler;
    sigemptyset(&action.sa_mask);
    sigaction(signo, &action, NULL);
}

static void on_ending_signal(int signo) {
    if (state.armed) {
        state.armed = 0;
        restore_now();
        // The default action: the parent sees "killed by signal N" (status 128+N in a shell), and a crash
        // is not held at an interactive backtrace prompt.
        set_handler(signo, SIG_DFL);
    } else {
        sigaction(signo, &state.previous[signo], NULL);
    }
    // Delivered when this handler returns (the signal is blocked while it runs).
    raise(signo);
}

static void on_stop(int signo) {
    (void)signo;
    if (!state.armed) {
        sigaction(SIGTSTP, &state.previous[SIGTSTP], NULL);
        raise(SIGTSTP);
        return;
    }
    struct termios program;
    int have_program = state.have_termios && tcgetattr(STDIN_FILENO, &program) == 0;
    restore_now();
    set_handler(SIGTSTP, SIG_DFL);
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGTSTP);
    sigprocmask(SIG_UNBLOCK, &stop, NULL);
    raise(SIGTSTP);  // stops here until SIGCONT
    set_handler(SIGTSTP, on_stop);
    if (have_program) tcsetattr(STDIN_FILENO, TCSAFLUSH, &program);
    write_all(state.enter, state.enter_length);
    state.resumed = 1;
}

static void at_exit(void) {
    if (!state.armed) return;
    state.armed = 0;
    restore_now();
}

void tr_arm(int fd, const struct termios *original, const char *reset, size_t reset_length,
            const char *enter, size_t enter_length) {
    state.armed = 0;
    if (reset_length > sizeof(state.reset)) reset_length = sizeof(state.reset);
    if (enter_length > sizeof(state.enter)) enter_length = sizeof(state.enter);
    memcpy(state.reset, reset, reset_length);
    state.reset_length = reset_length;
    memcpy(state.enter, enter, enter_length);
    state.enter_length = enter_length;
    state.fd = fd;
    state.have_termios = original != NULL;
    if (original) state.original = *original;
    if (!state.installed) {
        state.installed = 1;
        for (size_t i = 0; i < sizeof(ending_signals) / sizeof(ending_signals[0]); i++) {
            struct sigaction action;
            memset(&action, 0, sizeof(action));
            action.sa_handler = on_ending_signal;
            sigemptyset(&action.sa_mask);
            sigaction(ending_signals[i], &action, &state.previous[ending_signals[i]]);
        }
        struct sigaction action;
        memset(&action, 0, sizeof(action));
        action.sa_handler = on_stop;
        sigemptyset(&action.sa_mask);
        sigaction(SIGTSTP, &action, &state.previous[SIGTSTP]);
        atexit(at_exit);
    }
    state.armed = 1;
}

void tr_disarm(void) { state.armed = 0; }

int tr_take_resumed(void) {
    if (!state.resumed) return 0;
    state.resumed = 0;
    return 1;
}
