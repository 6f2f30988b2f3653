/* thread_create's argument checks; see process.h. Portable and host-tested (test_thread_args.c). */
#include <err.h>
#include <hal.h>
#include <process.h>

int thread_args_check(uintptr_t entry, uintptr_t stack_top, uintptr_t prio, uint8_t caller_prio,
		      uint64_t user_limit)
{
	if (prio > caller_prio)
		return ERR_ACCESS; /* a thread is never more urgent than the one that made it */
	if (stack_top & 15)
		return ERR_INVAL; /* every supported ABI wants a 16-byte aligned stack */
	if (entry < PAGE_SIZE || entry >= user_limit)
		return ERR_FAULT;
	if (stack_top <= PAGE_SIZE || stack_top > user_limit)
		return ERR_FAULT;
	return 0;
}
