// libcurl loaded on the first request; see CLazyCurl.h. libcurl's option numbers and prototypes are written here
// (curl.h's values, stable across its ABI 4) so building needs no curl headers.
#include "CLazyCurl.h"

#include <dlfcn.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

enum {
    OPT_WRITEDATA = 10001, OPT_URL = 10002, OPT_ERRORBUFFER = 10010, OPT_HTTPHEADER = 10023, OPT_HEADERDATA = 10029,
    OPT_WRITEFUNCTION = 20011, OPT_HEADERFUNCTION = 20079, OPT_LOW_SPEED_LIMIT = 19, OPT_LOW_SPEED_TIME = 20,
    OPT_NOBODY = 44, OPT_FOLLOWLOCATION = 52, OPT_NOSIGNAL = 99, OPT_CONNECTTIMEOUT_MS = 156, OPT_PROTOCOLS = 181,
    INFO_RESPONSE_CODE = 0x200002, GLOBAL_DEFAULT = 3, PROTO_HTTP_HTTPS = 1 | 2, ERROR_SIZE = 256,
};

typedef struct slist slist;
typedef int (*init_function)(long);
typedef void *(*easy_init_function)(void);
typedef int (*setopt_function)(void *, int, ...);
typedef int (*perform_function)(void *);
typedef int (*getinfo_function)(void *, int, ...);
typedef void (*cleanup_function)(void *);
typedef const char *(*strerror_function)(int);
typedef slist *(*slist_append_function)(slist *, const char *);
typedef void (*slist_free_function)(slist *);

static pthread_once_t once = PTHREAD_ONCE_INIT;
static struct {
    easy_init_function easy_init;
    setopt_function setopt;
    perform_function perform;
    getinfo_function getinfo;
    cleanup_function cleanup;
    strerror_function strerror;
    slist_append_function slist_append;
    slist_free_function slist_free;
} curl;
static int available;

static void load(void) {
    static const char *const names[] = {"libcurl.so.4", "libcurl-gnutls.so.4", "libcurl.so", "libcurl.4.dylib"};
    void *library = NULL;
    for (size_t i = 0; i < sizeof names / sizeof *names && !library; i++) library = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
    if (!library) return;
    init_function global_init = (init_function)dlsym(library, "curl_global_init");
    curl.easy_init = (easy_init_function)dlsym(library, "curl_easy_init");
    curl.setopt = (setopt_function)dlsym(library, "curl_easy_setopt");
    curl.perform = (perform_function)dlsym(library, "curl_easy_perform");
    curl.getinfo = (getinfo_function)dlsym(library, "curl_easy_getinfo");
    curl.cleanup = (cleanup_function)dlsym(library, "curl_easy_cleanup");
    curl.strerror = (strerror_function)dlsym(library, "curl_easy_strerror");
    curl.slist_append = (slist_append_function)dlsym(library, "curl_slist_append");
    curl.slist_free = (slist_free_function)dlsym(library, "curl_slist_free_all");
    // curl_global_init is not thread-safe: once, here, under pthread_once.
    available = global_init && curl.easy_init && curl.setopt && curl.perform && curl.getinfo && curl.cleanup &&
                curl.strerror && curl.slist_append && curl.slist_free && global_init(GLOBAL_DEFAULT) == 0;
}

// libcurl's callbacks take (bytes, size, count, data); the sinks take (bytes, bytes' size, context).
static size_t header_trampoline(const char *bytes, size_t size, size_t count, void *data) {
    const lazy_curl_request *request = data;
    return request->on_header(bytes, size * count, request->context) == size * count ? size * count : 0;
}

static size_t body_trampoline(const char *bytes, size_t size, size_t count, void *data) {
    const lazy_curl_request *request = data;
    return request->on_body(bytes, size * count, request->context) == size * count ? size * count : 0;
}

int lazy_curl_perform(const lazy_curl_request *request, long *status, char *message, size_t message_size) {
    pthread_once(&once, load);
    *status = 0;
    if (!available) {
        snprintf(message, message_size, "cannot load libcurl (libcurl.so.4), which downloads need: install libcurl4");
        return LAZY_CURL_UNAVAILABLE;
    }
    void *easy = curl.easy_init();
    if (!easy) {
        snprintf(message, message_size, "libcurl could not start a request");
        return LAZY_CURL_UNAVAILABLE;
    }
    slist *headers = NULL;
    for (int i = 0; i < request->header_count; i++) {
        slist *longer = curl.slist_append(headers, request->headers[i]);
        if (longer) headers = longer;
    }
    char reason[ERROR_SIZE] = "";
    long stall_seconds = (request->timeout_ms + 999) / 1000;
    curl.setopt(easy, OPT_URL, request->url);
    curl.setopt(easy, OPT_PROTOCOLS, (long)PROTO_HTTP_HTTPS);
    curl.setopt(easy, OPT_FOLLOWLOCATION, 0L);
    // No SIGALRM for resolver timeouts: the program has other threads.
    curl.setopt(easy, OPT_NOSIGNAL, 1L);
    curl.setopt(easy, OPT_CONNECTTIMEOUT_MS, request->timeout_ms);
    curl.setopt(easy, OPT_LOW_SPEED_LIMIT, 1L);
    curl.setopt(easy, OPT_LOW_SPEED_TIME, stall_seconds > 0 ? stall_seconds : 1L);
    curl.setopt(easy, OPT_NOBODY, request->head ? 1L : 0L);
    curl.setopt(easy, OPT_HTTPHEADER, headers);
    curl.setopt(easy, OPT_HEADERFUNCTION, header_trampoline);
    curl.setopt(easy, OPT_HEADERDATA, request);
    curl.setopt(easy, OPT_WRITEFUNCTION, body_trampoline);
    curl.setopt(easy, OPT_WRITEDATA, request);
    curl.setopt(easy, OPT_ERRORBUFFER, reason);

    // A peer that closes the connection must not end the program with SIGPIPE (which keeps its default action for
    // closed output pipes): blocked on this thread during the transfer, and one raised meanwhile is taken back.
    sigset_t pipe, previous;
    sigemptyset(&pipe);
    sigaddset(&pipe, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &pipe, &previous);
    int code = curl.perform(easy);
#if defined(__linux__)  // elsewhere libcurl sets SO_NOSIGPIPE on its sockets
    const struct timespec now = {0, 0};
    sigset_t pending;
    if (sigpending(&pending) == 0 && sigismember(&pending, SIGPIPE) && !sigismember(&previous, SIGPIPE))
        sigtimedwait(&pipe, NULL, &now);
#endif
    pthread_sigmask(SIG_SETMASK, &previous, NULL);

    if (code == 0) curl.getinfo(easy, INFO_RESPONSE_CODE, status);
    else snprintf(message, message_size, "%s", reason[0] ? reason : curl.strerror(code));
    curl.cleanup(easy);
    curl.slist_free(headers);
    return code;
}
