/* The portable pieces of the process calls (host-tested): proc_info records and argument block
 * checks; see process.h. */
#include <process.h>
#include <err.h>
#include <mem.h>

_Static_assert(THREAD_NAME_MAX <= PROC_NAME_MAX, "a process name must fit proc_info");

static uint32_t state_of(const struct process *p, enum thread_state st)
{
	if (p->killed || p->exiting || p->ended)
		return PROC_STATE_ENDING;
	switch (st) {
	case THREAD_RUNNING:
		return PROC_STATE_RUNNING;
	case THREAD_RUNNABLE:
		return PROC_STATE_READY;
	case THREAD_SLEEPING:
		return PROC_STATE_SLEEPING;
	case THREAD_BLOCKED:
		return PROC_STATE_BLOCKED;
	default:
		return PROC_STATE_ENDING; /* DEAD: its process is on its way out */
	}
}

void proc_info_fill(struct proc_info *out, const struct process *p, enum thread_state st,
		    uint64_t cpu_ns)
{
	/* Whole record zeroed first: it goes to user memory, padding and name tail included. */
	memset(out, 0, sizeof *out);
	out->pid = p->pid;
	out->ppid = p->ppid;
	out->state = state_of(p, st);
	out->prio = p->thread ? p->thread->se.base.prio : 0;
	out->cpu_ns = cpu_ns;
	out->mem_bytes = (uint64_t)p->image_bytes + p->mapped_bytes;
	mem_strlcpy(out->name, p->name, sizeof out->name);
}

int proc_args_check(const char *block, size_t len)
{
	if (len > PROC_ARGS_MAX)
		return ERR_INVAL;
	if (len && block[len - 1] != '\0')
		return ERR_INVAL;
	return 0;
}
