/* Timer expiry dispatch; see timer.h and hal.h (hal_timer_arm). */
#include <timer.h>
#include <hal.h>
#include <stddef.h>

static void (*callback)(void);

void timer_set_callback(void (*fn)(void))
{
	callback = fn;
}

void timer_expired(void)
{
	if (callback)
		callback();
}
