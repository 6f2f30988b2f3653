/* p9_fuzz: what every 9P server fuzzer checks about one request and its reply. */
#ifndef P9_FUZZ_H
#define P9_FUZZ_H

#include <p9.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Serves msg[0, len) (copied to its own allocation, so reads past it are caught) with a reply
 * buffer of outcap bytes. Aborts unless the reply fits, decodes, carries the request's tag and is
 * its R-type or Rerror, and unless every message with a tag gets an answer when the buffer allows
 * one. Returns the reply's type, or 0 when there was none.
 */
int p9_fuzz_serve(struct p9_server *s, const uint8_t *msg, size_t len, size_t outcap);

#endif
