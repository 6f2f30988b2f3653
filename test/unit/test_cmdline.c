/* kernel/cmdline.c: whole-word matching of kernel command line words. */
#include "test.h"

#include <cmdline.h>

TEST(cmdline_has_whole_words)
{
	cmdline_set("panic-test poweroff");
	CHECK(cmdline_has("poweroff"));
	CHECK(cmdline_has("panic-test"));
	CHECK(!cmdline_has("panic"));
	CHECK(!cmdline_has("test"));
	CHECK(!cmdline_has("power"));
	CHECK(!cmdline_has(""));
	CHECK(!cmdline_has("panic-test poweroff"));

	static const struct { const char *line; bool has; } cases[] = {
		{ "poweroff", true },
		{ "  poweroff  ", true },
		{ "\tpoweroff\r\n", true },
		{ "a poweroff b", true },
		{ "xpoweroff", false },
		{ "poweroffx", false },
		{ "poweroff=1", false },
		{ "power off", false },
		{ "", false },
		{ "   ", false },
		{ "poweroffpoweroff", false },
		{ "x\tpoweroff", true },
	};
	for (unsigned i = 0; i < sizeof cases / sizeof *cases; i++) {
		cmdline_set(cases[i].line);
		if (cmdline_has("poweroff") != cases[i].has)
			test_fail(__FILE__, __LINE__, "cmdline_has(\"poweroff\") on \"%s\" should be %s",
				  cases[i].line, cases[i].has ? "true" : "false");
	}
	cmdline_set(NULL);
	CHECK(!cmdline_has("poweroff"));
	cmdline_set("");
}
