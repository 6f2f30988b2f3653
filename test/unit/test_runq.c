/* Run queue policy: priority order, EDF tiebreak, round-robin among equals, preemption. */
#include "test.h"
#include <runq.h>

static struct sched_entity mk(const char *name, uint8_t prio, uint64_t deadline)
{
	struct sched_entity se;
	sched_entity_init(&se, name, prio, deadline);
	return se;
}

TEST(runq_picks_highest_priority_first)
{
	struct runq rq;
	runq_init(&rq);
	struct sched_entity a = mk("a", 5, 100), b = mk("b", 40, 900), c = mk("c", 20, 1);
	runq_insert(&rq, &a);
	runq_insert(&rq, &b);
	runq_insert(&rq, &c);
	CHECK(runq_peek(&rq) == &b);
	runq_remove(&rq, &b);
	CHECK(runq_peek(&rq) == &c);
	runq_remove(&rq, &c);
	CHECK(runq_peek(&rq) == &a);
	runq_remove(&rq, &a);
	CHECK(runq_peek(&rq) == NULL);
	CHECK_EQ(rq.count, 0);
	CHECK_EQ(rq.nonempty, 0);
}

TEST(runq_earliest_deadline_breaks_priority_ties)
{
	struct runq rq;
	runq_init(&rq);
	struct sched_entity late = mk("late", 10, 3000), none = mk("none", 10, SCHED_NO_DEADLINE),
			    early = mk("early", 10, 1000), mid = mk("mid", 10, 2000);
	runq_insert(&rq, &late);
	runq_insert(&rq, &none);
	runq_insert(&rq, &early);
	runq_insert(&rq, &mid);
	struct sched_entity *order[] = { &early, &mid, &late, &none };
	for (int i = 0; i < 4; i++) {
		CHECK(runq_peek(&rq) == order[i]);
		runq_remove(&rq, order[i]);
	}
}

TEST(runq_equal_deadlines_take_turns)
{
	struct runq rq;
	runq_init(&rq);
	struct sched_entity x = mk("x", 7, 500), y = mk("y", 7, 500), z = mk("z", 7, 500);
	runq_insert(&rq, &x);
	runq_insert(&rq, &y);
	runq_insert(&rq, &z);
	/* Simulate running the head for slices: each full slice sends it to the back. */
	struct sched_entity *expect[] = { &x, &y, &z, &x, &y, &z };
	for (int i = 0; i < 6; i++) {
		struct sched_entity *cur = runq_peek(&rq);
		CHECK(cur == expect[i]);
		runq_remove(&rq, cur);
		CHECK(!runq_charge(&rq, cur, SCHED_SLICE_NS / 2)); /* half a slice: keep going */
		CHECK(runq_charge(&rq, cur, SCHED_SLICE_NS / 2));  /* used up, peers wait */
		runq_insert(&rq, cur);
	}
}

TEST(runq_slice_end_without_peers_keeps_running)
{
	struct runq rq;
	runq_init(&rq);
	struct sched_entity cur = mk("cur", 7, 500), other = mk("other", 7, 600);
	runq_insert(&rq, &other);
	CHECK(!runq_charge(&rq, &cur, SCHED_SLICE_NS)); /* only a later deadline waits */
	CHECK_EQ(cur.slice_left, SCHED_SLICE_NS);
}

TEST(runq_preemption_decisions)
{
	struct runq rq;
	runq_init(&rq);
	struct sched_entity cur = mk("cur", 10, 1000);
	CHECK(!runq_should_preempt(&rq, &cur));
	CHECK(!runq_should_preempt(&rq, NULL));
	struct sched_entity lower = mk("lower", 9, 1), same_later = mk("same", 10, 2000);
	runq_insert(&rq, &lower);
	runq_insert(&rq, &same_later);
	CHECK(!runq_should_preempt(&rq, &cur));
	CHECK(runq_should_preempt(&rq, NULL));
	struct sched_entity same_earlier = mk("earlier", 10, 999);
	runq_insert(&rq, &same_earlier);
	CHECK(runq_should_preempt(&rq, &cur));
	runq_remove(&rq, &same_earlier);
	struct sched_entity higher = mk("higher", 11, SCHED_NO_DEADLINE);
	runq_insert(&rq, &higher);
	CHECK(runq_should_preempt(&rq, &cur));
}

TEST(runq_all_priorities_and_clamping)
{
	struct runq rq;
	runq_init(&rq);
	static struct sched_entity e[SCHED_PRIOS];
	for (int p = 0; p < SCHED_PRIOS; p++) {
		sched_entity_init(&e[p], "e", (uint8_t)p, SCHED_NO_DEADLINE);
		runq_insert(&rq, &e[p]);
	}
	for (int p = SCHED_PRIOS - 1; p >= 0; p--) {
		CHECK(runq_peek(&rq) == &e[p]);
		runq_remove(&rq, &e[p]);
	}
	struct sched_entity big;
	sched_entity_init(&big, "big", 255, 0);
	CHECK_EQ(big.base.prio, SCHED_PRIO_MAX);
}
