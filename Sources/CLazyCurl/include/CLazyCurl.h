#ifndef CLAZYCURL_H
#define CLAZYCURL_H

#include <stddef.h>

// One HTTP(S) request through libcurl, with libcurl loaded (dlopen) on the first request instead of linked into
// the program: libcurl and its TLS, HTTP/2, LDAP and Kerberos libraries are about 30 shared objects, and loading
// them at every start cost about a tenth of the start-up of a command that never downloads.

/// Receives bytes (a body chunk, or one header line with its CRLF); returns `size` to go on, anything else to stop
/// the transfer.
typedef size_t (*lazy_curl_sink)(const char *bytes, size_t size, void *context);

typedef struct {
    const char *url;
    /// Sent with a body-less `HEAD` when non-zero, else `GET`.
    int head;
    /// Complete header lines ("Name: value"), `header_count` of them.
    const char *const *headers;
    int header_count;
    /// Connecting may take this long, and the transfer may stall (no byte in either direction) this long.
    long timeout_ms;
    lazy_curl_sink on_header;
    lazy_curl_sink on_body;
    void *context;
} lazy_curl_request;

/// Error codes of `lazy_curl_perform` besides libcurl's own (`CURLcode`, 0 for success).
enum {
    LAZY_CURL_UNAVAILABLE = -1,
    LAZY_CURL_CANNOT_RESOLVE_PROXY = 5,
    LAZY_CURL_CANNOT_RESOLVE_HOST = 6,
    LAZY_CURL_CANNOT_CONNECT = 7,
    LAZY_CURL_TIMED_OUT = 28,
};

/// Performs one request without following redirects, over http or https only; proxies come from the environment
/// (`http_proxy`, `https_proxy`, `no_proxy`) as libcurl reads them. Returns 0 with the final status in `*status`, or
/// an error code with a one-line reason in `message` (`message_size` bytes, at least 256).
int lazy_curl_perform(const lazy_curl_request *request, long *status, char *message, size_t message_size);

#endif
