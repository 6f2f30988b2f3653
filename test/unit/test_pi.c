/*
 * Priority inheritance: direct, transitive (A waits on B waits on C), several held mutexes, release
 * order, cancellation, deadline inheritance, and a simulated priority-inversion scenario that must
 * show the high-priority thread finishing first with inheritance on and last with it off.
 */
#include "test.h"
#include <pi.h>
#include <runq.h>

static struct sched_entity mk(const char *name, uint8_t prio)
{
	struct sched_entity se;
	sched_entity_init(&se, name, prio, SCHED_NO_DEADLINE);
	return se;
}

TEST(pi_owner_inherits_waiter_priority_and_drops_on_release)
{
	pi_set_enabled(true);
	struct runq rq;
	runq_init(&rq);
	struct sched_entity lo = mk("lo", 10), hi = mk("hi", 50), mid = mk("mid", 30);
	struct pi_mutex m;
	pi_mutex_init(&m, "m");
	CHECK(pi_lock(&m, &lo));
	runq_insert(&rq, &lo);  /* lo is runnable but not running */
	runq_insert(&rq, &mid);
	CHECK(runq_peek(&rq) == &mid);
	CHECK(!pi_lock(&m, &hi)); /* hi blocks */
	CHECK_EQ(lo.eff.prio, 50);
	CHECK(runq_peek(&rq) == &lo); /* lo moved up in the run queue at once */
	runq_remove(&rq, &lo);
	CHECK(pi_unlock(&m, &lo) == &hi);
	CHECK_EQ(lo.eff.prio, 10);
	CHECK(m.owner == &hi);
	CHECK(hi.blocked_on == NULL);
	CHECK(pi_unlock(&m, &hi) == NULL);
	CHECK(m.owner == NULL);
}

TEST(pi_transitive_chain_and_release_order)
{
	pi_set_enabled(true);
	struct sched_entity a = mk("a", 60), b = mk("b", 20), c = mk("c", 5);
	struct pi_mutex m1, m2;
	pi_mutex_init(&m1, "m1");
	pi_mutex_init(&m2, "m2");
	CHECK(pi_lock(&m2, &c));
	CHECK(pi_lock(&m1, &b));
	CHECK(!pi_lock(&m2, &b)); /* b waits on c */
	CHECK_EQ(c.eff.prio, 20);
	CHECK(!pi_lock(&m1, &a)); /* a waits on b, which waits on c */
	CHECK_EQ(b.eff.prio, 60);
	CHECK_EQ(c.eff.prio, 60);
	/* c releases m2: b gets it and still inherits from a through m1; c falls back. */
	CHECK(pi_unlock(&m2, &c) == &b);
	CHECK_EQ(c.eff.prio, 5);
	CHECK_EQ(b.eff.prio, 60);
	CHECK(pi_unlock(&m2, &b) == NULL);
	CHECK_EQ(b.eff.prio, 60); /* still holds m1 with a waiting */
	CHECK(pi_unlock(&m1, &b) == &a);
	CHECK_EQ(b.eff.prio, 20);
	CHECK_EQ(a.eff.prio, 60);
	pi_unlock(&m1, &a);
}

TEST(pi_several_held_mutexes_fall_back_step_by_step)
{
	pi_set_enabled(true);
	struct sched_entity lo = mk("lo", 1), w1 = mk("w1", 30), w2 = mk("w2", 40);
	struct pi_mutex m1, m2;
	pi_mutex_init(&m1, "m1");
	pi_mutex_init(&m2, "m2");
	pi_lock(&m1, &lo);
	pi_lock(&m2, &lo);
	pi_lock(&m1, &w1);
	pi_lock(&m2, &w2);
	CHECK_EQ(lo.eff.prio, 40);
	CHECK(pi_unlock(&m2, &lo) == &w2);
	CHECK_EQ(lo.eff.prio, 30);
	CHECK(pi_unlock(&m1, &lo) == &w1);
	CHECK_EQ(lo.eff.prio, 1);
}

TEST(pi_waiters_are_served_most_urgent_first)
{
	pi_set_enabled(true);
	struct sched_entity own = mk("own", 1), w10 = mk("w10", 10), w30 = mk("w30", 30),
			    w20 = mk("w20", 20), w30b = mk("w30b", 30);
	struct pi_mutex m;
	pi_mutex_init(&m, "m");
	pi_lock(&m, &own);
	pi_lock(&m, &w10);
	pi_lock(&m, &w30);
	pi_lock(&m, &w20);
	pi_lock(&m, &w30b);
	CHECK(pi_unlock(&m, &own) == &w30);
	CHECK_EQ(w30.eff.prio, 30);
	CHECK(pi_unlock(&m, &w30) == &w30b); /* FIFO among equals */
	CHECK(pi_unlock(&m, &w30b) == &w20);
	CHECK(pi_unlock(&m, &w20) == &w10);
	CHECK(pi_unlock(&m, &w10) == NULL);
}

TEST(pi_cancelled_waiter_stops_lending)
{
	pi_set_enabled(true);
	struct sched_entity lo = mk("lo", 2), a = mk("a", 50), b = mk("b", 20);
	struct pi_mutex m;
	pi_mutex_init(&m, "m");
	pi_lock(&m, &lo);
	pi_lock(&m, &a);
	pi_lock(&m, &b);
	CHECK_EQ(lo.eff.prio, 50);
	pi_cancel(&m, &a);
	CHECK_EQ(lo.eff.prio, 20);
	CHECK(a.blocked_on == NULL);
	pi_cancel(&m, &b);
	CHECK_EQ(lo.eff.prio, 2);
	CHECK(pi_unlock(&m, &lo) == NULL);
}

TEST(pi_inherits_deadlines_and_base_changes_propagate)
{
	pi_set_enabled(true);
	struct sched_entity own, w;
	sched_entity_init(&own, "own", 10, 9000);
	sched_entity_init(&w, "w", 10, 1000);
	struct pi_mutex m;
	pi_mutex_init(&m, "m");
	pi_lock(&m, &own);
	pi_lock(&m, &w);
	CHECK_EQ(own.eff.deadline, 1000);
	pi_set_base(&w, (struct sched_params){ 25, 5000 });
	CHECK_EQ(own.eff.prio, 25);
	CHECK_EQ(own.eff.deadline, 5000);
	pi_set_base(&own, (struct sched_params){ 40, 7000 });
	CHECK_EQ(own.eff.prio, 40); /* its own is now more urgent than what it inherits */
	pi_cancel(&m, &w);
	pi_unlock(&m, &own);
}

TEST(pi_switched_off_lends_nothing)
{
	pi_set_enabled(false);
	struct sched_entity lo = mk("lo", 10), hi = mk("hi", 50);
	struct pi_mutex m;
	pi_mutex_init(&m, "m");
	pi_lock(&m, &lo);
	pi_lock(&m, &hi);
	CHECK_EQ(lo.eff.prio, 10);
	pi_unlock(&m, &lo);
	pi_unlock(&m, &hi);
	pi_set_enabled(true);
}

/*
 * A one-CPU simulation in 1 ms steps: each step runs the most urgent runnable thread. `lo` takes
 * the mutex and needs 30 ms inside it; `hi` arrives at 5 ms and needs the mutex for 5 ms; `mid`
 * arrives at 6 ms and computes for 100 ms without touching the mutex. Returns the finishing order.
 */
struct sim_thread {
	struct sched_entity se;
	int arrive, work, need_lock; /* need_lock: ms of work done inside the mutex, 0 = none */
	int done_ms, progress;
	bool holding, finished, arrived;
};

static void simulate(struct sim_thread *t, int n, int *finish_order)
{
	struct runq rq;
	runq_init(&rq);
	struct pi_mutex m;
	pi_mutex_init(&m, "shared");
	int finished = 0;
	for (int now = 0; finished < n && now < 1000; now++) {
		for (int i = 0; i < n; i++)
			if (!t[i].arrived && t[i].arrive <= now) {
				t[i].arrived = true;
				runq_insert(&rq, &t[i].se);
			}
		/* Pick the most urgent thread; one that blocks on the mutex costs no time. */
		struct sched_entity *cur;
		struct sim_thread *th = NULL;
		while ((cur = runq_peek(&rq)) != NULL) {
			th = (struct sim_thread *)cur; /* se is the first member */
			runq_remove(&rq, cur);
			if (!th->need_lock || th->holding)
				break;
			if (pi_lock(&m, cur)) {
				th->holding = true;
				break;
			}
			/* blocked: the owner now runs at our urgency */
		}
		if (!cur)
			continue;
		th->progress++;
		if (th->progress >= th->work) {
			if (th->holding) {
				struct sched_entity *next = pi_unlock(&m, cur);
				th->holding = false;
				if (next) {
					((struct sim_thread *)next)->holding = true;
					runq_insert(&rq, next);
				}
			}
			th->finished = true;
			th->done_ms = now + 1;
			finish_order[finished++] = (int)(th - t);
		} else {
			runq_insert(&rq, cur);
		}
	}
}

static void scenario(bool inherit, int *order, int *done)
{
	pi_set_enabled(inherit);
	struct sim_thread t[3] = { 0 };
	sched_entity_init(&t[0].se, "hi", 50, SCHED_NO_DEADLINE);
	t[0].arrive = 5, t[0].work = 5, t[0].need_lock = 1;
	sched_entity_init(&t[1].se, "mid", 30, SCHED_NO_DEADLINE);
	t[1].arrive = 6, t[1].work = 100;
	sched_entity_init(&t[2].se, "lo", 10, SCHED_NO_DEADLINE);
	t[2].arrive = 0, t[2].work = 30, t[2].need_lock = 1;
	simulate(t, 3, order);
	for (int i = 0; i < 3; i++)
		done[i] = t[i].done_ms;
	pi_set_enabled(true);
}

TEST(pi_inversion_scenario_high_finishes_first_only_with_inheritance)
{
	int order[3] = { -1, -1, -1 }, done[3];
	scenario(true, order, done);
	CHECK_EQ(order[0], 2);  /* lo finishes its critical section first (boosted) */
	CHECK_EQ(order[1], 0);  /* then hi, long before mid */
	CHECK_EQ(order[2], 1);
	CHECK(done[0] < done[1]);
	CHECK_EQ(done[0], 35);  /* 30 ms of lo's work, then hi's 5 ms */

	/* The same scenario without inheritance shows the inversion: mid runs ahead of hi. */
	scenario(false, order, done);
	CHECK(done[1] < done[0]);
	CHECK_EQ(order[0], 1);
}

TEST(pi_ipc_loan_raises_a_server_until_the_reply)
{
	pi_set_enabled(true);
	struct sched_entity server = mk("server", 5), caller = mk("caller", 40);
	pi_set_loan(&server, &caller.eff);
	CHECK_EQ(server.eff.prio, 40);
	/* A loan below the server's own urgency changes nothing. */
	struct sched_params low = { 2, SCHED_NO_DEADLINE };
	pi_set_loan(&server, &low);
	CHECK_EQ(server.eff.prio, 5);
	pi_set_loan(&server, &caller.eff);
	pi_set_loan(&server, NULL); /* the reply */
	CHECK_EQ(server.eff.prio, 5);
	/* The loan flows on through a mutex the server waits for. */
	struct sched_entity owner = mk("owner", 1);
	struct pi_mutex m;
	pi_mutex_init(&m, "m");
	CHECK(pi_lock(&m, &owner));
	CHECK(!pi_lock(&m, &server));
	pi_set_loan(&server, &caller.eff);
	CHECK_EQ(owner.eff.prio, 40);
	pi_set_loan(&server, NULL);
	CHECK_EQ(owner.eff.prio, 5);
	pi_cancel(&m, &server);
	CHECK_EQ(owner.eff.prio, 1);
}
