/*
 * The system call numbers and the calling convention, shared by the kernel and userspace. One
 * page of documentation is docs/syscalls.md. A call returns a non-negative result or a negative
 * error code from err.h.
 *
 * Registers (number; arguments 1..6; result):
 *   aarch64  x8;  x0-x5;  x0     (svc #0)
 *   riscv    a7;  a0-a5;  a0     (ecall)
 *   x86_64   rax; rdi rsi rdx r10 r8 r9; rax   (syscall)
 *   i386     eax; ebx ecx edx esi edi ebp; eax (int $0x80)
 *
 * A 64-bit argument (a deadline) takes one register on 64-bit targets and two on 32-bit ones,
 * low half first; the numbering below always reserves both.
 */
#ifndef FERRITE_SYSCALL_H
#define FERRITE_SYSCALL_H

#include <stdint.h>

enum syscall_num {
	SYS_DEBUG_WRITE = 1, /* (const char *buf, size_t len) -> len: to the kernel's early console */
	SYS_EXIT = 2,        /* (int code): ends the calling process */
	SYS_YIELD = 3,       /* () -> 0 */
	SYS_SLEEP_UNTIL = 4, /* (uint64 deadline_ns; split lo/hi on 32-bit) -> 0 */
	SYS_CLOCK = 5,       /* (uint64 *out) -> 0: monotonic ns */
	SYS_NULL = 6,        /* () -> 0: does nothing; the benchmark of a bare kernel entry */
	/* Handles and channels (docs/ipc.md). */
	SYS_HANDLE_CLOSE = 7,   /* (h) -> 0 */
	SYS_HANDLE_DUP = 8,     /* (h, rights) -> new handle with those rights (a subset of h's) */
	SYS_CHAN_CREATE = 9,    /* (uint32 out[2]) -> 0: two handles, one per end */
	SYS_CHAN_SEND = 10,     /* (h, const struct chan_io *) -> 0 */
	SYS_CHAN_RECV = 11,     /* (h, struct chan_io *, deadline lo, hi) -> bytes received */
	SYS_CHAN_CALL = 12,     /* (h, const struct chan_io *send, struct chan_io *recv, deadline lo,
				 *  hi) -> bytes of the reply */
	SYS_PROC_SPAWN = 13,    /* (const char *path, size_t len, const uint32 *handles, n, prio)
				 *  -> pid */
	SYS_HANDLE_STARTUP = 14, /* (uint32 *out, n) -> handles stored */
	/* Processes as objects and waiting (docs/syscalls.md, docs/ipc.md). */
	SYS_PROC_START = 15,     /* (struct proc_start *) -> pid; ps->proc_out = process handle */
	SYS_PROC_ARGS = 16,      /* (char *buf, size) -> length of the caller's argument block */
	SYS_PROC_WAIT = 17,      /* (proc, struct proc_status *, deadline lo, hi) -> 0 once ended */
	SYS_PROC_KILL = 18,      /* (proc) -> 0 */
	SYS_PROC_LIST = 19,      /* (proc-control resource, struct proc_info *, n) -> processes */
	SYS_PROC_KILL_PID = 20,  /* (proc-control resource, pid) -> 0 */
	SYS_OBJ_WAIT = 21,       /* (struct wait_item *, n, deadline lo, hi) -> items ready */
	SYS_CHAN_REPLY_RECV = 22, /* (h, const struct chan_io *reply, struct chan_io *recv, deadline
				   *  lo, hi) -> bytes of the next request (docs/ipc.md) */
	/* Devices: Mem, Irq, IoPort and the root resource (docs/devices.md, ferrite/dev.h). */
	SYS_MEM_CREATE = 24,     /* (size) -> Mem handle: zeroed anonymous pages */
	SYS_MEM_MAP = 25,        /* (mem, offset, len, va, flags) -> mapped va */
	SYS_MEM_UNMAP = 26,      /* (va, len) -> 0: exactly one earlier mapping */
	SYS_RESOURCE_SLICE = 27, /* (root, kind, size, base lo, hi) -> Mem/Irq/IoPort handle */
	SYS_RESOURCE_INFO = 28,  /* (root, what, void *out, size) -> 0 */
	SYS_IRQ_WAIT = 29,       /* (irq, deadline lo, hi) -> 0 when the line fired */
	SYS_IRQ_ACK = 30,        /* (irq) -> 0: unmasks the line again */
	SYS_IOPORT = 31,         /* (ioport, op, port, value) -> byte read, or 0 */
	/* Services and namespaces (docs/namespaces.md); 24..31 are the device calls. */
	SYS_SVC_CREATE = 32,  /* (uint32 out[2]) -> 0: out[0] listening end, out[1] service */
	SYS_SVC_CONNECT = 33, /* (svc) -> a new channel to the service's server */
	SYS_NS_MOUNT = 34,    /* (const char *path, len, svc, flags) -> 0 */
	SYS_NS_BIND = 35,     /* (const char *old, len, const char *new, len, flags) -> 0 */
	SYS_NS_UNMOUNT = 36,  /* (const char *path, len, svc or 0 for all) -> 0 */
	SYS_NS_OPEN = 37,     /* (const char *path, len, index, struct ns_open_info *) -> channel */
	SYS_NS_LIST = 38,     /* (char *buf, size) -> length of the whole table text */
	SYS_BOOTFS_READ = 39, /* (offset, void *buf, len) -> bytes copied from the boot archive */
	/* Threads in the calling process (docs/syscalls.md 40..42). */
	SYS_THREAD_CREATE = 40, /* (entry, stack_top, arg, prio) -> Thread handle */
	SYS_THREAD_EXIT = 41,   /* (int code): ends the calling thread */
	SYS_THREAD_WAIT = 42,   /* (thread, int32 *code, deadline lo, hi) -> 0 once ended */
	SYS_COUNT
};

/* Longest single debug write; longer ones are refused, not truncated. */
#define SYS_DEBUG_WRITE_MAX 4096

/*
 * Channel messages. The byte limit is 8 KiB of payload plus 24 bytes, the header of a 9P Twrite
 * or Rread (size[4] type[1] tag[2] fid[4] offset[8] count[4] = 23, rounded up), so a server can
 * move 8 KiB of file data per message with msize = CHAN_MSG_MAX.
 */
#define CHAN_MSG_MAX (8192 + 24)
#define CHAN_MSG_HANDLES 4
/* Deadlines of chan_recv / chan_call: 0 polls, CHAN_WAIT_FOREVER never expires, anything else
 * is an absolute time on the monotonic clock (ns). */
#define CHAN_WAIT_FOREVER UINT64_MAX
/* Most handles proc_spawn moves to a child. */
#define PROC_STARTUP_MAX 8
/* The longest path proc_spawn takes. */
#define PROC_PATH_MAX 64

/* proc_spawn's sixth argument, flags. By default the child shares the caller's namespace;
 * NS_COPY gives it a copy (unshare), NS_NEW an empty one (servers: see docs/namespaces.md). */
#define PROC_SPAWN_NS_COPY 1u
#define PROC_SPAWN_NS_NEW 2u

/*
 * proc_start: proc_spawn plus an argument block and a process handle. The argument block is the
 * argv strings, each NUL-terminated, back to back; then an empty string; then `name=value`
 * environment strings, each NUL-terminated. The kernel checks only its size (<= PROC_ARGS_MAX)
 * and that a non-empty block ends with NUL, and keeps a copy the child reads with proc_args.
 */
struct proc_start {
	const char *path;
	uint32_t path_len;          /* a program in the boot archive */
	const char *args;
	uint32_t args_len;          /* the argument block, <= PROC_ARGS_MAX; 0: none */
	const uint32_t *handles;
	uint32_t nhandles;          /* moved into the child, <= PROC_STARTUP_MAX */
	uint32_t prio;              /* 0: the caller's */
	uint32_t flags;             /* PROC_SPAWN_NS_COPY / PROC_SPAWN_NS_NEW, as for proc_spawn */
	uint32_t proc_out;          /* out: the process handle (READ WAIT SIGNAL GRANT DUPLICATE) */
};
#define PROC_ARGS_MAX 4096

/* How a process ended (proc_wait). code is the exit status, -1 when killed or faulted. */
#define PROC_EXITED 1u
#define PROC_KILLED 2u
#define PROC_FAULTED 3u
struct proc_status {
	int32_t code;
	uint32_t how;
};

/* One process, as proc_list reports it. */
#define PROC_STATE_RUNNING 1u  /* on the CPU (the caller itself, on one CPU) */
#define PROC_STATE_READY 2u    /* waiting for the CPU */
#define PROC_STATE_BLOCKED 3u  /* waiting for a message, an interrupt, a process, a mutex */
#define PROC_STATE_SLEEPING 4u /* sleep_until */
#define PROC_STATE_ENDING 5u   /* killed, not yet gone */
#define PROC_NAME_MAX 16
struct proc_info {
	uint32_t pid, ppid;         /* ppid 0: started by the kernel */
	uint32_t state;             /* PROC_STATE_* */
	uint32_t prio;
	uint64_t cpu_ns;            /* CPU time used */
	uint64_t mem_bytes;         /* user memory mapped: the program's image, stack and Mem maps */
	char name[PROC_NAME_MAX];   /* NUL-terminated */
};

/* obj_wait: one handle and the signals wanted from it; the kernel fills got with every signal
 * the object has at return. */
struct wait_item {
	uint32_t handle;
	uint32_t want;
	uint32_t got;
};
#define WAIT_READABLE 1u    /* channel: a message is queued (a listening end: a connection) */
#define WAIT_PEER_CLOSED 2u /* channel: the other end is gone and nothing is queued */
#define WAIT_IRQ 4u         /* Irq: the line fired and is not acknowledged yet */
#define WAIT_EXITED 8u      /* process or thread: it has ended */
#define WAIT_ALL (WAIT_READABLE | WAIT_PEER_CLOSED | WAIT_IRQ | WAIT_EXITED)
#define WAIT_ITEMS_MAX 32

/* Namespace flags (ns_mount, ns_bind): one order, optionally with NS_FLAG_CREATE. */
#define NS_FLAG_REPLACE 0u
#define NS_FLAG_BEFORE 1u
#define NS_FLAG_AFTER 2u
#define NS_FLAG_CREATE 4u
/* Longest namespace path, including the NUL. */
#define NS_OPEN_PATH_MAX 256
/* What ns_open reports besides the channel: the union's size (so a caller can try member
 * index + 1 when a walk fails), the member's flags, and the path to walk inside the service (the
 * member's subpath joined with the rest of the path; absolute, NUL-terminated). */
struct ns_open_info {
	uint32_t nmembers;
	uint32_t flags;
	char path[NS_OPEN_PATH_MAX];
};

/* Rights bits of a handle (the kernel's handle.h says what each allows). */
#define RIGHT_READ (1u << 0)
#define RIGHT_WRITE (1u << 1)
#define RIGHT_EXECUTE (1u << 2)
#define RIGHT_MAP (1u << 3)
#define RIGHT_GRANT (1u << 4)
#define RIGHT_DUPLICATE (1u << 5)
#define RIGHT_WAIT (1u << 6)
#define RIGHT_SIGNAL (1u << 7)
#define RIGHT_MANAGE (1u << 8)

/*
 * One side of a message. Sending: data/len are the bytes, handles/nhandles the handles to move
 * (each needs GRANT; they leave the sender's table only if the whole send succeeds). Receiving:
 * len and nhandles are the capacities on the way in; the kernel stores what arrived in them.
 */
struct chan_io {
	void *data;
	uint32_t len;
	uint32_t *handles;
	uint32_t nhandles;
};

#endif
