/*
 * err: error codes shared by the kernel and (later) the syscall interface. Functions return 0 or a
 * positive result on success and one of these negative codes on failure; err_str() names them for
 * messages a person reads.
 */
#ifndef ERR_H
#define ERR_H

enum err {
	ERR_NOMEM = -1,  /* out of memory */
	ERR_INVAL = -2,  /* invalid argument: misaligned, out of range, bad flags */
	ERR_EXIST = -3,  /* already exists (a mapping at that address) */
	ERR_NOENT = -4,  /* no such thing (no mapping at that address) */
	ERR_FAULT = -5,  /* bad address */
	ERR_STATE = -6,  /* not valid in this state (freeing what is not allocated) */
	ERR_UNSUPP = -7, /* not supported on this hardware */
	/* Capabilities (handle.h): why a handle was refused, in the order handle_get checks. */
	ERR_BADHANDLE = -8,  /* not a live handle in this table (never was, closed, or stale) */
	ERR_WRONGTYPE = -9,  /* the handle names an object of another type than the call needs */
	ERR_ACCESS = -10,    /* the handle lacks a right the call needs */
	ERR_FULL = -11,      /* a fixed limit is reached (handle table, mounts, union width) */
	/* Names (ns.h). */
	ERR_NAMETOOLONG = -12, /* a path or one of its elements is longer than the limit */
	ERR_BADNAME = -13,     /* a path holds a NUL byte, or is not absolute where it must be */
	/* Channels (docs/ipc.md). */
	ERR_TIMEOUT = -14,     /* the deadline passed (or a poll found nothing) */
	ERR_PEER_CLOSED = -15, /* the other end of the channel is gone */
	ERR_TOOBIG = -16,      /* the message does not fit the receive buffer; it stays queued */
};

/* Every error code is in [ERR_RANGE_MIN, -1], now and later. A system call result outside it is
 * a value, even one that reads as negative: an address at or above 2 GiB on a 32-bit machine. */
#define ERR_RANGE_MIN (-4095)

const char *err_str(int err);

#endif
