/*
 * p9client: the client side of 9P over one channel, built on lib/9p's codec (docs/9p.md). One
 * struct p9c is one session: Tversion + Tattach make fid 0 the root, then walk/open/read/write/
 * create/remove/stat/clunk, one request at a time (chan_call: send and wait for the reply). Every
 * call returns >= 0, or -1 with the reason in c->err (the server's Rerror text, or the channel
 * error's name; a closed channel is P9C_GONE) and in c->kerr the kernel's error code (err.h) when
 * the failure was the kernel's, 0 when it was the server's answer or a protocol error.
 *
 * p9c_nsopen is the user half of opening a name: the kernel's ns_open resolves the path in the
 * caller's namespace and connects to the service; this walks the rest over 9P, trying the union's
 * members in order until one has the file.
 */
#ifndef P9CLIENT_H
#define P9CLIENT_H

#include "sys_ipc.h"
#include <p9.h>

#define P9C_ROOT 0u
/* c->err when the server's end of the channel is closed (it exited or was killed). */
#define P9C_GONE "the file server has gone away"

struct p9c {
	handle_t ch;
	uint32_t msize;
	uint32_t next_fid;
	uint16_t tag;
	char err[128];
	int kerr;
	struct p9_msg r; /* the last reply; its strings and data point into rx */
	uint8_t tx[CHAN_MSG_MAX], rx[CHAN_MSG_MAX];
};

/* Starts a session on channel ch (which c now owns) as user uname: version, then attach. */
int p9c_attach(struct p9c *c, handle_t ch, const char *uname);
/* Takes over a session someone else started (a parent passing an open file): channel ch, the
 * negotiated msize, and the first fid this side may use for new fids. */
void p9c_adopt(struct p9c *c, handle_t ch, uint32_t msize, uint32_t next_fid);
/* A new fid for path (slash-separated, relative to fid; "" or "/" clones fid). */
long p9c_walk(struct p9c *c, uint32_t fid, const char *path);
int p9c_open(struct p9c *c, uint32_t fid, uint8_t mode);
/* Creates name in directory fid, which then names the new file, open with mode. */
int p9c_create(struct p9c *c, uint32_t fid, const char *name, uint32_t perm, uint8_t mode);
/* At most one message's worth; returns the bytes moved (0 at the end of a file). */
long p9c_read(struct p9c *c, uint32_t fid, uint64_t offset, void *buf, uint32_t n);
long p9c_write(struct p9c *c, uint32_t fid, uint64_t offset, const void *buf, uint32_t n);
int p9c_clunk(struct p9c *c, uint32_t fid);
int p9c_remove(struct p9c *c, uint32_t fid);
/* The file's stat; its strings stay valid until the next call on c. */
int p9c_stat(struct p9c *c, uint32_t fid, struct p9_stat *st);
/* Ends the session: closes the channel (the server drops every fid). */
void p9c_hangup(struct p9c *c);

/* Opens a session to the service holding path in this process's namespace and walks to it:
 * returns the fid (not yet opened). With parent set, walks to the directory holding the last
 * element instead and stores that element's offset in path in *leaf (for create). */
long p9c_nsopen(struct p9c *c, const char *path, const char *uname);
long p9c_nsparent(struct p9c *c, const char *path, const char *uname, const char **leaf);
/* One member of the union covering path (index from 0): a session on it walked to path, the
 * fid, and *nmembers the union's size (0 when ns_open itself failed). -1 with c->err when the
 * member does not have the file; the channel is then closed. */
long p9c_nsmember(struct p9c *c, const char *path, const char *uname, unsigned index,
		  uint32_t *nmembers);
/* As p9c_nsparent, but the union member chosen is the first that takes new files: mounted with
 * NS_FLAG_CREATE, or the only member ("no member of the union allows create" when none). */
long p9c_nscreate(struct p9c *c, const char *path, const char *uname, const char **leaf);

#endif
