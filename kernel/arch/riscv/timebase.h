/*
 * timebase: the half of hal.h's timer that both riscv ports share. It converts between the hart's
 * timer ticks and nanoseconds and implements hal_time_ns, hal_timer_arm, hal_timer_disarm and the
 * timer interrupt once. Each port's timer file (timer.c on riscv64, timer_m.c on riscv32) finds
 * the frequency, supplies the two functions below and calls riscv_timebase_start from
 * hal_timer_init. Private to kernel/arch/riscv.
 */
#ifndef RISCV_TIMEBASE_H
#define RISCV_TIMEBASE_H

#include <stdint.h>

/* Supplied by the port: the free-running tick counter, and the one-shot compare value (a value at
 * or below the counter raises the timer interrupt at once; UINT64_MAX means never). */
uint64_t riscv_timer_now(void);
void riscv_timer_set_compare(uint64_t ticks);

/* Ticks per second; hal_time_ns() counts from the counter's value at this call. */
void riscv_timebase_start(uint64_t ticks_per_s);

#endif
