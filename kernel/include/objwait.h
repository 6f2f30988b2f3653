/*
 * objwait: waiting on several objects at once (obj_wait, proc_wait). An object that can be waited
 * on raises signals (ferrite/syscall.h WAIT_*): a channel end is READABLE while a message is
 * queued on it and PEER_CLOSED once its peer is gone and nothing is queued; an Irq has IRQ while
 * it has fired and is not acknowledged; a process or a thread has EXITED once it has ended.
 *
 * A waiting thread puts one record (struct obj_waiter, on its own kernel stack) on the observer
 * list of each object it watches (kobject.observers), blocks, and takes every record off again
 * when it wakes, by a signal, its deadline or a kill. An object whose state changes calls
 * objwait_signal_locked when its observer list is not empty, which wakes each observer still
 * blocked; the woken thread then reads the signals itself. Nothing is broadcast: an object with
 * no observers costs one pointer test on its state-changing paths.
 *
 * This file owns the records, the lists and the signal computation; it does not block or wake
 * threads (objwait_wake_locked does, in sys_proc.c; a stub in host tests). Everything here runs
 * under sched_lock.
 */
#ifndef OBJWAIT_H
#define OBJWAIT_H

#include <ferrite/syscall.h>
#include <kobject.h>
#include <stddef.h>
#include <stdint.h>

struct thread;

struct obj_waiter {
	struct obj_waiter *next;   /* on obj->observers */
	struct obj_waiter **pprev; /* the link that points at this record */
	struct kobject *obj;
	struct thread *t;
};

/*
 * Checks obj_wait's arguments before any handle is looked at: n in 1..WAIT_ITEMS_MAX and each
 * item's want a non-empty set of known signals. 0 or ERR_INVAL. The same handle may appear in
 * several items (each is answered on its own).
 */
int objwait_check_items(const struct wait_item *items, size_t n);
/*
 * The objects of items[0..n) (checked with objwait_check_items) from table t, each with a new
 * reference in objs[i]. Refusals, per item in order: ERR_BADHANDLE, ERR_WRONGTYPE (a type that
 * raises no signal), ERR_ACCESS (no WAIT right), ERR_INVAL (a wanted signal the type never
 * raises); on any refusal no reference is kept. No lock may be held (it may drop references).
 */
struct handle_table;
int objwait_get_items(struct handle_table *t, const struct wait_item *items, size_t n,
		      struct kobject **objs);
/* The signals an object of this type can raise; 0 for a type nobody can wait on. */
uint32_t objwait_type_signals(enum kobject_type type);
/* The signals obj has now (a subset of objwait_type_signals of its type). */
uint32_t objwait_signals_locked(struct kobject *obj);
/* Puts w (for thread t) on obj's observer list / takes it off (only if it is on one). */
void objwait_link_locked(struct obj_waiter *w, struct kobject *obj, struct thread *t);
void objwait_unlink_locked(struct obj_waiter *w);
/* obj's state changed: every observer's thread is offered a wake-up (objwait_wake_locked). The
 * records stay linked; their threads remove them. */
void objwait_signal_locked(struct kobject *obj);
/* Wakes t if it is still blocked waiting (sys_proc.c); a thread already woken is left alone. */
void objwait_wake_locked(struct thread *t);

#endif
