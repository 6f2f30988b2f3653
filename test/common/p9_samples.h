/*
 * Sample 9P messages, at least one of every type plus edge shapes (empty strings, 0 and 16 walk
 * elements, empty and full reads), shared by the codec tests and the fuzzers' seed generator.
 */
#ifndef P9_SAMPLES_H
#define P9_SAMPLES_H

#include <p9.h>

/* How many samples there are; p9_sample(i, m) fills m with the i-th (strings are static). */
size_t p9_sample_count(void);
void p9_sample(size_t i, struct p9_msg *m);

#endif
