/*
 * irqobj: the Irq kernel object, one interrupt line bound for a user driver. Its state machine:
 *
 *   ARMED    the line is unmasked; nothing has fired since the last acknowledgement.
 *   FIRED    the line fired: the kernel's handler masked it (so a level-triggered device cannot
 *            storm the CPU while its driver is not running) and woke the waiter, if any.
 *   TAKEN    a wait has reported the interrupt; the line stays masked until irq_ack.
 *
 * fire: ARMED -> FIRED (masks). wait: FIRED -> TAKEN at once; ARMED blocks until fire; TAKEN is
 * ERR_STATE (the driver forgot to acknowledge: waiting would never end). ack: TAKEN -> ARMED
 * (unmasks); FIRED -> ARMED too (the driver serviced the device without waiting); ARMED is
 * ERR_STATE. One thread waits at a time (a second gets ERR_STATE).
 *
 * All functions but init are called with sched_lock held (the fire path from the interrupt
 * handler); they do not block or wake threads themselves: fire returns the waiter for the caller
 * to wake, which keeps this file free of the scheduler and testable on the host.
 */
#ifndef IRQOBJ_H
#define IRQOBJ_H

#include <kobject.h>
#include <stdbool.h>

struct thread;

enum irq_obj_state { IRQ_ARMED, IRQ_FIRED, IRQ_TAKEN };

struct irq_obj {
	struct kobject obj;
	unsigned line;
	enum irq_obj_state state;
	unsigned long fired;    /* interrupts taken on this line, for reports */
	struct thread *waiter; /* blocked in irq_wait, or NULL */
};

/* Sets up a new object for line in state ARMED (the caller unmasks the line once the handler is
 * installed). ops gives the type and the destroy hook, which the caller owns. */
void irq_obj_init(struct irq_obj *o, const struct kobject_ops *ops, unsigned line);
/* The line fired: masks it, moves to FIRED and returns the thread to wake (taken off the object),
 * or NULL. A fire in FIRED or TAKEN (a controller that delivered once more before the mask took)
 * only counts. */
struct thread *irq_obj_fire(struct irq_obj *o);
/* Takes a fired interrupt: 0 (FIRED -> TAKEN), ERR_TIMEOUT (ARMED: nothing yet) or ERR_STATE
 * (TAKEN: acknowledge first). */
int irq_obj_take(struct irq_obj *o);
/* Registers t as the waiter: 0, or ERR_STATE when another thread already waits. */
int irq_obj_set_waiter(struct irq_obj *o, struct thread *t);
/* Forgets t as the waiter if it still is (after a timeout). */
void irq_obj_clear_waiter(struct irq_obj *o, struct thread *t);
/* The driver is done with the device: unmasks the line (FIRED/TAKEN -> ARMED), or ERR_STATE. */
int irq_obj_ack(struct irq_obj *o);

#endif
