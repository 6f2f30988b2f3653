/*
 * p9: the 9P2000 protocol shared by every Ferrite server and client (docs/9p.md).
 *
 * This module owns the wire format (the codec) and the protocol rules of a server session (the
 * server loop). It does not own a transport, a file tree or any memory: messages arrive and leave
 * as byte buffers the caller provides, the fid table is caller storage, and the files are served
 * by a callback table (struct p9_ops) the server fills. Freestanding, no allocation.
 *
 * The codec is strict: p9_decode() accepts exactly the encodings p9_encode() produces, so a
 * message that decodes re-encodes to the same bytes. Decoded strings and data point into the
 * input buffer (not NUL-terminated, not copied), so the buffer must outlive the struct p9_msg.
 */
#ifndef P9_H
#define P9_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Message types (intro(5)). Every T-message's reply is the next number; 106 (Terror) is unused. */
enum p9_type {
	P9_TVERSION = 100, P9_RVERSION,
	P9_TAUTH = 102, P9_RAUTH,
	P9_TATTACH = 104, P9_RATTACH,
	P9_RERROR = 107,
	P9_TFLUSH = 108, P9_RFLUSH,
	P9_TWALK = 110, P9_RWALK,
	P9_TOPEN = 112, P9_ROPEN,
	P9_TCREATE = 114, P9_RCREATE,
	P9_TREAD = 116, P9_RREAD,
	P9_TWRITE = 118, P9_RWRITE,
	P9_TCLUNK = 120, P9_RCLUNK,
	P9_TREMOVE = 122, P9_RREMOVE,
	P9_TSTAT = 124, P9_RSTAT,
	P9_TWSTAT = 126, P9_RWSTAT,
};

#define P9_NOTAG 0xffffu       /* the tag of Tversion */
#define P9_NOFID 0xffffffffu   /* "no fid": Tattach's afid when there is no authentication */
#define P9_MAXWELEM 16u        /* most names in one Twalk, qids in one Rwalk */
#define P9_HDRSZ 7u            /* size[4] type[1] tag[2] */
#define P9_RREAD_HDRSZ 11u     /* Rread before its data: header + count[4] */
#define P9_IOHDRSZ 24u         /* room 9P keeps for Twrite/Rread headers: iounit = msize - this */
#define P9_QIDSZ 13u           /* type[1] vers[4] path[8] */
#define P9_STAT_FIXED 49u      /* a stat entry without its four strings' bytes, size[2] included */
#define P9_VERSION "9P2000"

/* Qid types (the high byte of a file's mode, shifted down). */
#define P9_QTDIR 0x80u
#define P9_QTAPPEND 0x40u
#define P9_QTEXCL 0x20u
#define P9_QTAUTH 0x08u
#define P9_QTTMP 0x04u
#define P9_QTFILE 0x00u

/* Mode and permission bits in stat and Tcreate. */
#define P9_DMDIR 0x80000000u
#define P9_DMAPPEND 0x40000000u
#define P9_DMEXCL 0x20000000u
#define P9_DMAUTH 0x08000000u
#define P9_DMTMP 0x04000000u

/* Open modes (Topen, Tcreate): one of the first four, plus flags. */
#define P9_OREAD 0u
#define P9_OWRITE 1u
#define P9_ORDWR 2u
#define P9_OEXEC 3u
#define P9_OTRUNC 0x10u
#define P9_OCEXEC 0x20u
#define P9_ORCLOSE 0x40u

/* A counted string: len bytes at s, no NUL inside, not NUL-terminated. */
struct p9_str {
	const char *s;
	uint16_t len;
};

struct p9_qid {
	uint8_t type;  /* P9_QT* */
	uint32_t vers;
	uint64_t path; /* unique per file within one server */
};

/* A directory entry as Rstat, Twstat and directory reads carry it (stat(5)). Its size[2] field is
 * not stored: the encoder computes it and the decoder checks it. In Twstat, all-ones integers and
 * empty strings mean "leave unchanged". */
struct p9_stat {
	uint16_t type;
	uint32_t dev;
	struct p9_qid qid;
	uint32_t mode; /* permission bits | P9_DM* */
	uint32_t atime, mtime;
	uint64_t length;
	struct p9_str name, uid, gid, muid;
};

/* One message; which fields mean something depends on type (docs/9p.md lists them). */
struct p9_msg {
	uint8_t type;
	uint16_t tag;
	uint32_t fid;    /* Tattach Twalk Topen Tcreate Tread Twrite Tclunk Tremove Tstat Twstat */
	uint32_t afid;   /* Tauth Tattach */
	uint32_t newfid; /* Twalk */
	uint32_t msize;  /* T/Rversion */
	struct p9_str version;      /* T/Rversion */
	struct p9_str uname, aname; /* Tauth Tattach */
	struct p9_str ename;        /* Rerror */
	struct p9_str name;         /* Tcreate */
	uint16_t oldtag;            /* Tflush */
	uint16_t nwname;            /* Twalk */
	struct p9_str wname[P9_MAXWELEM];
	uint16_t nwqid;             /* Rwalk */
	struct p9_qid wqid[P9_MAXWELEM];
	struct p9_qid qid;          /* Rauth (aqid) Rattach Ropen Rcreate */
	uint32_t iounit;            /* Ropen Rcreate */
	uint32_t perm;              /* Tcreate */
	uint8_t mode;               /* Topen Tcreate */
	uint64_t offset;            /* Tread Twrite */
	uint32_t count;             /* Tread Rread Twrite Rwrite */
	const uint8_t *data;        /* Rread Twrite: count bytes */
	struct p9_stat stat;        /* Rstat Twstat */
};

/*
 * Decodes the one message in buf[0..len). msize, when not 0, is the negotiated limit: a longer
 * message, or a Tread asking for more than an Rread of msize can carry, is refused. Returns NULL,
 * or a message saying what is wrong ("string contains a NUL byte", ...); m is then unspecified.
 */
const char *p9_decode(struct p9_msg *m, const uint8_t *buf, size_t len, uint32_t msize);

/*
 * Encodes m into buf[0..cap). Refuses (returns a message, writes *len = 0) what p9_decode would
 * refuse and a message that does not fit in cap; never writes a truncated message. On success
 * returns NULL and *len is the message size. m->data may point into buf at the Rread/Twrite data
 * position (the server reads file data there to avoid a copy).
 */
const char *p9_encode(const struct p9_msg *m, uint8_t *buf, size_t cap, size_t *len);

/* The encoded size of a stat entry (size[2] included), or 0 when it exceeds 65535 + 2 bytes. */
size_t p9_stat_size(const struct p9_stat *st);
/* One stat entry, as directory reads carry them back to back. Same contracts as above;
 * p9_stat_decode reads the entry at the start of buf and sets *used to its size. */
const char *p9_stat_encode(const struct p9_stat *st, uint8_t *buf, size_t cap, size_t *len);
const char *p9_stat_decode(struct p9_stat *st, const uint8_t *buf, size_t len, size_t *used);

/* Helpers for counted strings: from a C string (truncated at 65535 bytes), and comparison. */
struct p9_str p9_str(const char *s);
bool p9_str_eq(struct p9_str a, const char *s);

/* ---- The server loop ---- */

/*
 * A file tree, as a server provides it. `tree` is the server's own context; a node is the tree's
 * handle for one file (a pointer, an index cast to a pointer, ...). Nodes are borrowed: the loop
 * keeps one per fid and never frees it; the tree must keep a node usable (if only to refuse
 * operations on it) while fids may name it. Every call that can fail returns NULL or the error
 * text the client gets in Rerror ("permission denied", "file does not exist", ...).
 *
 * The loop has already checked everything the protocol decides (fids, open modes, directory vs
 * file, offsets of directory reads); the tree checks permissions and does the work.
 */
struct p9_ops {
	/* Tattach: the root of the tree. aname selects a tree when the server has several. */
	const char *(*attach)(void *tree, struct p9_str uname, struct p9_str aname, void **node,
			      struct p9_qid *qid);
	/* One walk step from directory dir: name is never empty, "." or contains '/'; ".." means the
	 * parent (the root's parent is the root). */
	const char *(*walk)(void *tree, void *dir, struct p9_str name, void **child,
			    struct p9_qid *qid);
	/* Topen: may refuse the mode; *qid arrives as the fid's and may be updated. */
	const char *(*open)(void *tree, void *node, uint8_t mode, struct p9_qid *qid);
	/* Tread of a file opened for reading: up to *count bytes at offset into buf; set *count to
	 * what was read (0 at the end of the file). Directories are read through readdir. */
	const char *(*read)(void *tree, void *node, uint64_t offset, uint8_t *buf, uint32_t *count);
	/* The index-th entry of directory dir (0, 1, ...); false when there is none. The strings in
	 * *st must stay valid until the next call into the tree. */
	bool (*readdir)(void *tree, void *dir, uint32_t index, struct p9_stat *st);
	/* Tstat; the same lifetime rule for strings. */
	const char *(*stat)(void *tree, void *node, struct p9_stat *st);

	/* Optional (NULL: the request is refused). */
	/* Twrite of a file opened for writing: set *count to the bytes taken. */
	const char *(*write)(void *tree, void *node, uint64_t offset, const uint8_t *data,
			     uint32_t *count);
	/* Tcreate in directory dir: a new file name (not "." or ".."), opened with mode. */
	const char *(*create)(void *tree, void *dir, struct p9_str name, uint32_t perm, uint8_t mode,
			      void **node, struct p9_qid *qid);
	/* Tremove, and clunk of a fid opened ORCLOSE. The fid is released whatever this returns. */
	const char *(*remove)(void *tree, void *node);
	/* Twstat: fields left all-ones or empty are not to be changed. */
	const char *(*wstat)(void *tree, void *node, const struct p9_stat *st);
	/* A fid naming node was released (clunk, remove, a new Tversion); open says whether it was
	 * open, so the tree can drop per-open state. */
	void (*clunk)(void *tree, void *node, bool open);
	/* A read the tree held (it returned P9_DEFER) will not be answered: Tflush, a clunk or
	 * remove of its fid, a new Tversion, p9_server_reset, or no room to hold it. The tree must
	 * forget tag and never answer it. Needed by a tree that defers. */
	void (*cancel)(void *tree, void *node, uint16_t tag);
};

/*
 * Deferred reads: a read callback that has nothing to give yet (a console waiting for a line)
 * returns P9_DEFER. The loop then sends nothing, remembers the request as held (its tag, fid and
 * count, in caller storage given by p9_server_hold) and the tree answers it later, whenever it
 * likes, with p9_server_answer. The tree learns which request it is holding from s->tag and
 * s->fid during the callback. Until it is answered or cancelled, a held tag is in flight: another
 * request with that tag is refused ("tag in use") and Tflush of it cancels it (ops->cancel) before
 * Rflush, so the client never gets both.
 */
extern const char p9_defer[];
#define P9_DEFER p9_defer

struct p9_held {
	bool used;
	uint16_t tag;
	uint32_t fid;
	uint32_t count; /* the most the Rread may carry */
	void *node;
};

/* One fid: the loop's record of what a client's fid names. Caller storage, loop-managed. */
struct p9_fid {
	uint32_t fid;
	bool used;
	bool open;
	uint8_t mode;         /* as opened */
	struct p9_qid qid;
	void *node;
	uint64_t dir_offset;  /* directories: the offset the next read must give (or 0 to restart) */
	uint32_t dir_index;   /* directories: the entry that offset corresponds to */
};

struct p9_server {
	const struct p9_ops *ops;
	void *tree;
	struct p9_fid *fids;
	size_t nfids;
	uint32_t max_msize; /* the server's own limit */
	uint32_t msize;     /* negotiated; 0 until a Tversion succeeds */
	struct p9_held *held; /* p9_server_hold's table (NULL: P9_DEFER is refused) */
	size_t nheld;
	/* During a callback: the request's tag and the fid it is about (NULL for attach and for
	 * fids not yet in the table). For trees with per-fid state or deferred replies; a tree
	 * reaches them through its own pointer to the server. Meaningless outside callbacks. */
	uint16_t tag;
	const struct p9_fid *fid;
};

/* The smallest msize the server accepts: a stat entry with short names and any Rerror it sends
 * must fit. */
#define P9_MIN_MSIZE 256u

/* Prepares a server over caller storage: fids[nfids] is the fid table (the session's capacity),
 * max_msize the largest message the server will exchange (raised to P9_MIN_MSIZE if smaller). */
void p9_server_init(struct p9_server *s, const struct p9_ops *ops, void *tree,
		    struct p9_fid *fids, size_t nfids, uint32_t max_msize);

/*
 * Handles one request: in[0..inlen) is a whole message as the transport delivered it. Writes the
 * reply into out[0..outcap) and returns its length, or 0 when there is nothing to send (a message
 * too short to carry a tag, or outcap too small for even an Rerror). Never reads outside in, never
 * writes outside out. outcap should be at least max_msize. in and out must not overlap: the
 * decoded request points into in while the reply is built in out.
 */
size_t p9_serve_one(struct p9_server *s, const uint8_t *in, size_t inlen, uint8_t *out,
		    size_t outcap);

/* Releases every fid (calling ops->clunk) and cancels every held read (ops->cancel), as a new
 * Tversion does; for a server whose client went away. */
void p9_server_reset(struct p9_server *s);

/* Lets the tree hold up to n reads at once in held[n] (caller storage, per session). */
void p9_server_hold(struct p9_server *s, struct p9_held *held, size_t n);

/*
 * Answers the held read tag: an Rread of data[0..count) (count is cut to what the request asked
 * for and what out holds), or Rerror err when err is not NULL. Writes the reply into
 * out[0..outcap) and returns its length; 0 when tag is not held (answered, cancelled or never
 * held), which is then left alone. data may point into out at P9_RREAD_HDRSZ.
 */
size_t p9_server_answer(struct p9_server *s, uint16_t tag, const uint8_t *data, uint32_t count,
			const char *err, uint8_t *out, size_t outcap);

#endif
