/* timer: what happens when the one-shot timer fires. One callback for now; the scheduler becomes
 * its user when threads arrive. */
#ifndef TIMER_H
#define TIMER_H

/* Called from the timer interrupt, interrupts masked. NULL removes it. */
void timer_set_callback(void (*fn)(void));

#endif
