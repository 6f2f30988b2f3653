/*
 * p9_client: a scripted 9P client for tests, talking to a struct p9_server in the same process
 * through p9_serve_one. Each request is encoded, handed over in an exact-size heap copy (so the
 * sanitizers see any read past it), and the reply is decoded and checked against the request's
 * tag. Shared by the unit tests and fuzzers of the file servers; host only (allocates).
 */
#ifndef P9_CLIENT_H
#define P9_CLIENT_H

#include <p9.h>

#define P9C_MSIZE 8192u

struct p9c {
	struct p9_server *srv;
	uint16_t tag;
	struct p9_msg r;      /* the last reply; strings and data point into out */
	size_t rlen;
	const char *fail;     /* set when a reply was missing, undecodable or mis-tagged */
	char ename[256];      /* the last Rerror's text, NUL-terminated */
	uint8_t out[P9C_MSIZE];
};

void p9c_init(struct p9c *c, struct p9_server *srv);
/* Sends t (with a fresh tag unless it is a Tversion) and returns the decoded reply. */
const struct p9_msg *p9c_rpc(struct p9c *c, struct p9_msg *t);
/* The last reply's error text, or NULL when it was not an Rerror. */
const char *p9c_err(const struct p9c *c);

const struct p9_msg *p9c_version(struct p9c *c, uint32_t msize);
const struct p9_msg *p9c_attach(struct p9c *c, uint32_t fid, const char *uname);
/* names: elements separated by '/' ("" for none). More than 16 take several Twalks from newfid
 * on; if one after the first fails, newfid stays where the previous one left it. */
const struct p9_msg *p9c_walk(struct p9c *c, uint32_t fid, uint32_t newfid, const char *names);
const struct p9_msg *p9c_open(struct p9c *c, uint32_t fid, uint8_t mode);
const struct p9_msg *p9c_create(struct p9c *c, uint32_t fid, const char *name, uint32_t perm,
				uint8_t mode);
const struct p9_msg *p9c_read(struct p9c *c, uint32_t fid, uint64_t offset, uint32_t count);
const struct p9_msg *p9c_write(struct p9c *c, uint32_t fid, uint64_t offset, const void *data,
			       uint32_t count);
const struct p9_msg *p9c_clunk(struct p9c *c, uint32_t fid);
const struct p9_msg *p9c_remove(struct p9c *c, uint32_t fid);
const struct p9_msg *p9c_stat(struct p9c *c, uint32_t fid);
const struct p9_msg *p9c_wstat(struct p9c *c, uint32_t fid, const struct p9_stat *st);

/* A stat with every field "don't change" (stat(5)), to fill in for a Twstat. */
struct p9_stat p9c_dontcare(void);

/* Reads fid (open for reading) from offset 0 to the end into buf[0..cap); returns the length,
 * or -1 on an error or when it does not fit. */
long p9c_readall(struct p9c *c, uint32_t fid, void *buf, size_t cap);

#endif
