/* sched_entity setup; see sched_entity.h. */
#include <sched_entity.h>
#include <mem.h>

void sched_entity_init(struct sched_entity *se, const char *name, uint8_t prio, uint64_t deadline)
{
	memset(se, 0, sizeof *se);
	if (prio > SCHED_PRIO_MAX)
		prio = SCHED_PRIO_MAX;
	se->base = (struct sched_params){ prio, deadline };
	se->eff = se->base;
	se->slice_left = SCHED_SLICE_NS;
	se->name = name;
}
