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
};

const char *err_str(int err);

#endif
