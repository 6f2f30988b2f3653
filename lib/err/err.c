/* Names for the error codes in err.h. */
#include <err.h>

const char *err_str(int err)
{
	switch (err) {
	case 0: return "success";
	case ERR_NOMEM: return "out of memory";
	case ERR_INVAL: return "invalid argument";
	case ERR_EXIST: return "already exists";
	case ERR_NOENT: return "not found";
	case ERR_FAULT: return "bad address";
	case ERR_STATE: return "invalid in this state";
	case ERR_UNSUPP: return "not supported";
	case ERR_BADHANDLE: return "bad handle";
	case ERR_WRONGTYPE: return "wrong object type";
	case ERR_ACCESS: return "access denied";
	case ERR_FULL: return "limit reached";
	case ERR_NAMETOOLONG: return "name too long";
	case ERR_BADNAME: return "invalid name";
	case ERR_TIMEOUT: return "timed out";
	case ERR_PEER_CLOSED: return "peer closed";
	case ERR_TOOBIG: return "message too big for the buffer";
	default: return "unknown error";
	}
}
