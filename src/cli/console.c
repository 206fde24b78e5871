/* console.c — the interactive console and debugger around one run: when it is entered, its prompt, tracing options. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <editline/readline.h>
#include "console.h"
#include "rawtty.h"

int debug_option(int argc, char **argv, int *i, struct debug_opts *d)
{
	const char *v;
	uint64_t n;
	if (!strcmp(argv[*i], "--console")) {
		d->console = 1;
	} else if (!strcmp(argv[*i], "--trace")) {
		d->trace = 1;
		if (!d->trace_mask)
			d->trace_mask = EV_ALL;
	} else if ((v = cli_opt_value(argc, argv, i, "--trace-events"))) {
		d->trace = 1;
		if (ev_parse_mask(v, &d->trace_mask) || !d->trace_mask)
			return cli_usage_error("--trace-events takes a list of insn, trap, callout, inline, "
					       "crit, intr, vmode, turn, store or all, not '%s'", v);
	} else if ((v = cli_opt_value(argc, argv, i, "--trace-from"))) {
		if (cli_parse_num(v, 10, UINT64_MAX / 2, &n))
			return cli_usage_error("--trace-from takes a decimal instruction count, not '%s'", v);
		d->trace_from = n;
	} else if ((v = cli_opt_value(argc, argv, i, "--trace-count"))) {
		if (cli_parse_num(v, 10, UINT64_MAX / 2, &n) || n == 0)
			return cli_usage_error("--trace-count takes a positive decimal count, not '%s'", v);
		d->trace_count = n;
	} else {
		return 0;
	}
	return 1;
}

static int from_terminal;

int console_loop(struct watch *w, const char *why)
{
	if (why && *why)
		printf("\n%s\n", why);
	console_command(w, (char[]){ "where" });
	for (;;) {
		char *line;
		fflush(stdout);
		if (from_terminal) {
			line = readline("tenvm> ");
			if (line && *line)
				add_history(line);
		} else {
			char buf[512];
			fputs("tenvm> ", stdout);
			line = fgets(buf, sizeof buf, stdin) ? strdup(buf) : NULL;
			if (line)
				fputs(line, stdout);
		}
		if (!line)
			return 0;            /* end of input: quit */
		line[strcspn(line, "\r\n")] = 0;
		int rc = console_command(w, line);
		free(line);
		if (rc)
			return rc == 1;
	}
}

/* Run until the watch stops it, the guest halts or the budget ends. */
static enum stop go(struct session *s)
{
	if (!s->vmm)
		return session_run_until(s, s->limit);
	vmm_run(s->vmm);
	return s->stop = s->vm->stop;
}

enum stop debug_run(struct session *s, const struct debug_opts *d, int *interrupted)
{
	static struct watch w;          /* the SIGINT handler's, for the whole run */
	*interrupted = 0;
	int term = s->c->tty.in_fd == 0 && rawtty_init(0);
	from_terminal = term;
	/* The history ring only where a console can be entered: it sees every
	 * VMM entry, which a run that nobody watches should not pay for. */
	if (watch_attach(&w, s, term || d->console ? 1024 : 0)) {
		fprintf(stderr, "tenvm: out of memory\n");
		return STOP_EXIT;
	}
	if (d->trace) {
		w.trace = stderr;
		w.trace_mask = d->trace_mask;
		w.trace_from = d->trace_from;
		w.trace_count = d->trace_count ? d->trace_count : UINT64_MAX;
	}
	w.count_leaks = d->leaks;
	watch_update(&w);
	if (d->console && !term)
		s->c->tty.in_fd = -1;     /* stdin brings the console's commands */
	int console = d->console;
	char why[sizeof w.why] = "";
	enum stop st = STOP_NONE;
	for (;;) {
		if (console) {
			rawtty_interrupted();
			rawtty_sigint(NULL);
			int on = console_loop(&w, why);
			if (!on)
				break;
			watch_resume(&w);
		}
		rawtty_sigint(&w.h);
		if (term)
			rawtty_raw();
		st = go(s);
		if (term)
			rawtty_cooked();
		fflush(stdout);
		if (w.h.brk) {
			if (s->stop == STOP_EXIT)       /* the watch's stop, not the guest's */
				s->stop = STOP_NONE;
			if (!term && !d->console) {
				*interrupted = rawtty_interrupted();
				break;
			}
			console = 1;
			snprintf(why, sizeof why, "%s", w.why[0] ? w.why : "stopped (Ctrl-E or Ctrl-C)");
			continue;
		}
		if (!d->console)
			break;
		console = 1;
		snprintf(why, sizeof why, "%s", st == STOP_BUDGET ? "the instruction budget ran out" : "the guest halted");
	}
	rawtty_sigint(NULL);
	watch_detach(&w);
	return st;
}
