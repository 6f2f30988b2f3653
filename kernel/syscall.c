/*
 * The portable system call table. Every argument is checked here, once, before any kernel object
 * or memory is touched; user memory is reached only through hal_copy_from_user/to_user, so a bad
 * pointer or length is an error code, never a kernel fault.
 */
#include <console.h>
#include <err.h>
#include <ferrite/syscall.h>
#include <hal.h>
#include <ipc.h>
#include <process.h>
#include <sched.h>
#include <sys_dev.h>
#include <sys_ns.h>
#include <sys_proc.h>
#include <thread.h>

/* Not inlined: its 256-byte buffer and loop would make syscall_entry save every callee-saved
 * register on every call, the null call included. */
__attribute__((noinline)) static intptr_t sys_debug_write(uintptr_t buf, uintptr_t len)
{
	if (len > SYS_DEBUG_WRITE_MAX)
		return ERR_INVAL;
	char copy[256];
	for (uintptr_t done = 0; done < len;) {
		size_t n = len - done < sizeof copy ? len - done : sizeof copy;
		if (hal_copy_from_user(copy, buf + done, n) != 0)
			return ERR_FAULT;
		console_write(copy, n);
		done += n;
	}
	return (intptr_t)len;
}

static intptr_t sys_clock(uintptr_t out)
{
	uint64_t now = hal_time_ns();
	return hal_copy_to_user(out, &now, sizeof now) ? ERR_FAULT : 0;
}

/* A 64-bit argument: one register on 64-bit targets, two (low half first) on 32-bit ones. */
static uint64_t arg64(uintptr_t lo, uintptr_t hi)
{
	return sizeof(uintptr_t) == 8 ? (uint64_t)lo : ((uint64_t)hi << 31 << 1 | lo);
}

static intptr_t sys_sleep_until(uintptr_t lo, uintptr_t hi)
{
	uint64_t deadline = arg64(lo, hi);
	thread_sleep_until(deadline);
	return 0;
}

void syscall_entry(struct syscall_frame *f)
{
	const uintptr_t *a = f->arg;
	thread_current()->in_syscall = true;
	switch (f->num) {
	case SYS_DEBUG_WRITE:
		f->ret = sys_debug_write(a[0], a[1]);
		break;
	case SYS_EXIT:
		process_exit((int)a[0]);
	case SYS_YIELD:
		thread_yield();
		f->ret = 0;
		break;
	case SYS_SLEEP_UNTIL:
		f->ret = sys_sleep_until(a[0], a[1]);
		break;
	case SYS_CLOCK:
		f->ret = sys_clock(a[0]);
		break;
	case SYS_NULL:
		f->ret = 0;
		break;
	case SYS_HANDLE_CLOSE:
		f->ret = sys_handle_close(a[0]);
		break;
	case SYS_HANDLE_DUP:
		f->ret = sys_handle_dup(a[0], a[1]);
		break;
	case SYS_CHAN_CREATE:
		f->ret = sys_chan_create(a[0]);
		break;
	case SYS_CHAN_SEND:
		f->ret = sys_chan_send(a[0], a[1]);
		break;
	case SYS_CHAN_RECV:
		f->ret = sys_chan_recv(a[0], a[1], arg64(a[2], a[3]));
		break;
	case SYS_CHAN_CALL:
		f->ret = sys_chan_call(a[0], a[1], a[2], arg64(a[3], a[4]));
		break;
	case SYS_CHAN_REPLY_RECV:
		f->ret = sys_chan_reply_recv(a[0], a[1], a[2], arg64(a[3], a[4]));
		break;
	case SYS_PROC_SPAWN:
		f->ret = sys_proc_spawn(a[0], a[1], a[2], a[3], a[4], a[5]);
		break;
	case SYS_HANDLE_STARTUP:
		f->ret = sys_handle_startup(a[0], a[1]);
		break;
	case SYS_PROC_START:
		f->ret = sys_proc_start(a[0]);
		break;
	case SYS_PROC_ARGS:
		f->ret = sys_proc_args(a[0], a[1]);
		break;
	case SYS_PROC_WAIT:
		f->ret = sys_proc_wait(a[0], a[1], arg64(a[2], a[3]));
		break;
	case SYS_PROC_KILL:
		f->ret = sys_proc_kill(a[0]);
		break;
	case SYS_PROC_LIST:
		f->ret = sys_proc_list(a[0], a[1], a[2]);
		break;
	case SYS_PROC_KILL_PID:
		f->ret = sys_proc_kill_pid(a[0], a[1]);
		break;
	case SYS_OBJ_WAIT:
		f->ret = sys_obj_wait(a[0], a[1], arg64(a[2], a[3]));
		break;
	case SYS_MEM_CREATE:
		f->ret = sys_mem_create(a[0]);
		break;
	case SYS_MEM_MAP:
		f->ret = sys_mem_map(a[0], a[1], a[2], a[3], a[4]);
		break;
	case SYS_MEM_UNMAP:
		f->ret = sys_mem_unmap(a[0], a[1]);
		break;
	case SYS_RESOURCE_SLICE:
		f->ret = sys_resource_slice(a[0], a[1], a[2], arg64(a[3], a[4]));
		break;
	case SYS_RESOURCE_INFO:
		f->ret = sys_resource_info(a[0], a[1], a[2], a[3]);
		break;
	case SYS_IRQ_WAIT:
		f->ret = sys_irq_wait(a[0], arg64(a[1], a[2]));
		break;
	case SYS_IRQ_ACK:
		f->ret = sys_irq_ack(a[0]);
		break;
	case SYS_IOPORT:
		f->ret = sys_ioport(a[0], a[1], a[2], a[3]);
		break;
	case SYS_SVC_CREATE:
		f->ret = sys_svc_create(a[0]);
		break;
	case SYS_SVC_CONNECT:
		f->ret = sys_svc_connect(a[0]);
		break;
	case SYS_NS_MOUNT:
		f->ret = sys_ns_mount(a[0], a[1], a[2], a[3]);
		break;
	case SYS_NS_BIND:
		f->ret = sys_ns_bind(a[0], a[1], a[2], a[3], a[4]);
		break;
	case SYS_NS_UNMOUNT:
		f->ret = sys_ns_unmount(a[0], a[1], a[2]);
		break;
	case SYS_NS_OPEN:
		f->ret = sys_ns_open(a[0], a[1], a[2], a[3]);
		break;
	case SYS_NS_LIST:
		f->ret = sys_ns_list(a[0], a[1]);
		break;
	case SYS_BOOTFS_READ:
		f->ret = sys_bootfs_read(a[0], a[1], a[2]);
		break;
	case SYS_THREAD_CREATE:
		f->ret = sys_thread_create(a[0], a[1], a[2], a[3]);
		break;
	case SYS_THREAD_EXIT:
		process_thread_exit((int)a[0]);
	case SYS_THREAD_WAIT:
		f->ret = sys_thread_wait(a[0], a[1], arg64(a[2], a[3]));
		break;
	default:
		f->ret = ERR_INVAL;
		break;
	}
	struct thread *self = thread_current(); /* read again: nothing to keep across the call */
	self->in_syscall = false;
	/* Killed while in the call (woken from its wait, or by itself): this is the way back to
	 * user mode, so the process ends here instead. */
	if (self->kill_pending)
		process_killed_exit();
}
