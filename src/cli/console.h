/* console.h — the interactive console and debugger, and tracing, around one run. */
#ifndef TENVM_CONSOLE_H
#define TENVM_CONSOLE_H

#include <stdint.h>
#include "session.h"
#include "watch.h"

/* What `run` asks of the debugger. */
struct debug_opts {
	int      console;      /* --console: the console before the first instruction */
	int      trace;        /* --trace or --trace-events */
	unsigned trace_mask;
	uint64_t trace_from, trace_count;
	int      leaks;        /* count the critical instructions that leak (compare --all) */
};

/* The debugger's options of `run`: --console, --trace, --trace-events LIST,
 * --trace-from N, --trace-count M.  Returns 1 if argv[*i] was one, 0 if not,
 * or EXIT_USAGE after printing why. */
int debug_option(int argc, char **argv, int *i, struct debug_opts *d);

/* Run s to its end as d asks: tracing to stderr, the console on --console,
 * on Ctrl-E or the first Ctrl-C when stdin is a terminal (which the guest
 * then gets raw).  Without a terminal, the first Ctrl-C ends the run: then
 * *interrupted is set (the caller prints what it would and exits 130).
 * *quit is set when the console's `quit` ended it.  Returns how it ended. */
enum stop debug_run(struct session *s, const struct debug_opts *d, int *interrupted);

/* The console's command loop on a stopped run (console_cmds.c).  `why` says
 * why it stopped.  Returns 1 to run on, 0 to quit. */
int console_loop(struct watch *w, const char *why);
/* Run one console command line.  Returns 0 to stay, 1 to run on, 2 to quit. */
int console_command(struct watch *w, char *line);

extern const char console_help[];

#endif
