/*
 * The portable system call table. Every argument is checked here, once, before any kernel object
 * or memory is touched; user memory is reached only through hal_copy_from_user/to_user, so a bad
 * pointer or length is an error code, never a kernel fault.
 */
#include <console.h>
#include <err.h>
#include <ferrite/syscall.h>
#include <hal.h>
#include <process.h>
#include <sched.h>
#include <thread.h>

static intptr_t sys_debug_write(uintptr_t buf, uintptr_t len)
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

static intptr_t sys_sleep_until(uintptr_t lo, uintptr_t hi)
{
	uint64_t deadline = sizeof(uintptr_t) == 8 ? (uint64_t)lo : ((uint64_t)hi << 32 | lo);
	thread_sleep_until(deadline);
	return 0;
}

void syscall_entry(struct syscall_frame *f)
{
	const uintptr_t *a = f->arg;
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
	default:
		f->ret = ERR_INVAL;
		break;
	}
}
