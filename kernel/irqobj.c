/* The Irq object's state machine; see irqobj.h. */
#include <irqobj.h>
#include <err.h>
#include <hal.h>
#include <objwait.h>
#include <stddef.h>

void irq_obj_init(struct irq_obj *o, const struct kobject_ops *ops, unsigned line)
{
	kobject_init(&o->obj, ops);
	o->line = line;
	o->state = IRQ_ARMED;
	o->fired = 0;
	o->waiter = NULL;
}

struct thread *irq_obj_fire(struct irq_obj *o)
{
	o->fired++;
	if (o->state != IRQ_ARMED)
		return NULL;
	/* Masked before anyone runs: the device keeps asserting until its driver services it. */
	hal_irq_mask(o->line);
	o->state = IRQ_FIRED;
	if (o->obj.observers) /* obj_wait: fired */
		objwait_signal_locked(&o->obj);
	struct thread *t = o->waiter;
	o->waiter = NULL;
	return t;
}

int irq_obj_take(struct irq_obj *o)
{
	switch (o->state) {
	case IRQ_FIRED:
		o->state = IRQ_TAKEN;
		return 0;
	case IRQ_ARMED:
		return ERR_TIMEOUT;
	default:
		return ERR_STATE;
	}
}

int irq_obj_set_waiter(struct irq_obj *o, struct thread *t)
{
	if (o->waiter && o->waiter != t)
		return ERR_STATE;
	o->waiter = t;
	return 0;
}

void irq_obj_clear_waiter(struct irq_obj *o, struct thread *t)
{
	if (o->waiter == t)
		o->waiter = NULL;
}

int irq_obj_ack(struct irq_obj *o)
{
	if (o->state == IRQ_ARMED)
		return ERR_STATE;
	o->state = IRQ_ARMED;
	hal_irq_unmask(o->line);
	return 0;
}
