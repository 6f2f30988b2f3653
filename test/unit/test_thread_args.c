/* thread_create's argument checks (kernel/thread_args.c) on the host. */
#include "test.h"
#include <err.h>
#include <hal.h>
#include <process.h>

#define LIMIT 0x80000000ull

TEST(thread_args_accepts_a_user_entry_and_stack)
{
	CHECK_EQ(thread_args_check(0x10000, 0x20000, 0, 20, LIMIT), 0);
	CHECK_EQ(thread_args_check(0x10000, 0x20000, 20, 20, LIMIT), 0); /* the caller's own */
	CHECK_EQ(thread_args_check(0x10000, (uintptr_t)LIMIT, 1, 20, LIMIT), 0); /* top of the half */
	CHECK_EQ(thread_args_check(PAGE_SIZE, PAGE_SIZE + 16, 0, 20, LIMIT), 0);
}

TEST(thread_args_refusals_in_order)
{
	/* Priority first, even with everything else wrong too. */
	CHECK_EQ(thread_args_check(0, 3, 21, 20, LIMIT), ERR_ACCESS);
	CHECK_EQ(thread_args_check(0x10000, 0x20000, 63, 20, LIMIT), ERR_ACCESS);
	/* Alignment before range. */
	for (uintptr_t off = 1; off < 16; off++)
		CHECK_EQ(thread_args_check(0x10000, 0x20000 + off, 0, 20, LIMIT), ERR_INVAL);
	CHECK_EQ(thread_args_check(0x10000, (uintptr_t)LIMIT + 8, 0, 20, LIMIT), ERR_INVAL);
	/* Outside the user half. */
	CHECK_EQ(thread_args_check(0x10000, (uintptr_t)LIMIT + 16, 0, 20, LIMIT), ERR_FAULT);
	CHECK_EQ(thread_args_check(0x10000, 0, 0, 20, LIMIT), ERR_FAULT);
	CHECK_EQ(thread_args_check(0x10000, PAGE_SIZE, 0, 20, LIMIT), ERR_FAULT);
	CHECK_EQ(thread_args_check(0, 0x20000, 0, 20, LIMIT), ERR_FAULT);
	CHECK_EQ(thread_args_check(PAGE_SIZE - 1, 0x20000, 0, 20, LIMIT), ERR_FAULT);
	CHECK_EQ(thread_args_check((uintptr_t)LIMIT, 0x20000, 0, 20, LIMIT), ERR_FAULT);
	CHECK_EQ(thread_args_check(~(uintptr_t)0, 0x20000, 0, 20, LIMIT), ERR_FAULT);
	CHECK_EQ(thread_args_check(0x10000, ~(uintptr_t)15, 0, 20, LIMIT), ERR_FAULT);
}
