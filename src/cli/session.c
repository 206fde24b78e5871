/* session.c — building a guest's machine, loading it, running it; and the command line's helpers. */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "session.h"
#include "tr.h"

void session_defaults(struct session_opts *o)
{
	*o = (struct session_opts){
		.cfg = { .mem_kwords = 256, .max_insns = DEFAULT_BUDGET, .clock_period = CLOCK_DEFAULT,
			 .tty_in_fd = 0, .tty_out = stdout },
		.mode = SESSION_BARE,
		.use_bt = 1,
		.cache_bytes = DEFAULT_CACHE,
	};
}

static void session_free(struct session *s)
{
	if (s->vmm) {
		vmm_free(s->vmm);
		cpu_free(s->real);
	} else if (s->c) {
		bt_free(s->c, s->bt);
		cpu_free(s->c);
	}
	*s = (struct session){ 0 };
}

int session_place(struct cpu *c, const struct image *img, const struct session_opts *o, const char *file)
{
	if (img->lo <= img->hi && img->hi >= c->memsize) {
		fprintf(stderr, "tenvm: %s loads words up to %06o, beyond the machine's %uK words (see --mem)\n",
			file, img->hi, c->memsize >> 10);
		return EXIT_USAGE;
	}
	for (addr a = img->lo; img->lo <= img->hi && a <= img->hi; a++)
		if (img->set[a])
			c->mem[a] = img->w[a];
	c->pc = o->has_start ? o->start : img->start;
	cpu_schedule(c);
	return 0;
}

int session_open(struct session *s, const struct session_opts *o, const struct image *img,
		 const char *file)
{
	*s = (struct session){ .limit = o->cfg.max_insns ? o->cfg.max_insns : UINT64_MAX };
	if (o->mode == SESSION_BARE) {
		s->c = cpu_new(&o->cfg);
	} else {
		struct cpu_config rc = { .mem_kwords = 256, .tty_in_fd = -1 };
		if ((s->real = cpu_new(&rc)) &&
		    (s->vmm = vmm_new(s->real, (enum vmm_mode)o->mode, o->use_bt, o->cache_bytes)))
			if ((s->vm = vmm_add(s->vmm, &o->cfg)))
				s->c = s->vm->v;
	}
	if (!s->c) {
		fprintf(stderr, "tenvm: out of memory\n");
		if (s->vmm)
			vmm_free(s->vmm);
		cpu_free(s->real);
		*s = (struct session){ 0 };
		return EXIT_FAILURE_;
	}
	struct cpu *c = s->c;
	int rc = session_place(c, img, o, file);
	if (rc) {
		session_free(s);
		return rc;
	}
	if (s->vmm) {
		s->bt = s->vmm->bt;
	} else if (o->use_bt && !(s->bt = bt_new(c, o->cache_bytes, &tr_identity))) {
		fprintf(stderr, "tenvm: out of memory for a %" PRIu64 "-byte code cache\n", o->cache_bytes);
		session_free(s);
		return EXIT_FAILURE_;
	}
	return 0;
}

int session_done(const struct session *s)
{
	return (s->stop != STOP_NONE && s->stop != STOP_BUDGET) || s->c->cycles >= s->limit;
}

/* c's last instruction took chain cycles and never completed. */
static int cut_in_chain(const struct cpu *c)
{
	return c->stalls && c->stall_mark == cpu_insns(c);
}

int session_in_chain(const struct session *s)
{
	/* Under a monitor the chain ran on the real machine, or was emulated. */
	return cut_in_chain(s->c) || (s->real && cut_in_chain(s->real));
}

enum stop session_run_until(struct session *s, uint64_t cycles)
{
	struct cpu *c = s->c;
	if (cycles > s->limit)
		cycles = s->limit;
	if (session_done(s) || c->cycles >= cycles)
		return s->stop;
	c->pause_at = cycles;        /* between instructions: a chain runs on past it */
	if (s->vmm) {
		s->vm->stop = STOP_NONE;
		cpu_schedule(c);
		vmm_run(s->vmm);
		s->stop = s->vm->stop;
	} else {
		cpu_schedule(c);
		s->stop = s->bt ? bt_run(c, s->bt) : interp_run(c);
	}
	return s->stop;
}

enum stop session_run(struct session *s)
{
	return session_run_until(s, s->limit);
}

void session_close(struct session *s)
{
	if (s)
		session_free(s);
}

struct image *session_load_image(const char *file, const struct load_format *f)
{
	struct image *img = image_new();
	if (!img) {
		fprintf(stderr, "tenvm: out of memory\n");
		return NULL;
	}
	char err[512];
	if (load_file_as(file, f, img, err, sizeof err)) {
		fprintf(stderr, "%s\n", err);
		image_free(img);
		return NULL;
	}
	return img;
}

struct image *session_load(const char *file, const struct session_opts *o)
{
	struct image *img = session_load_image(file, &o->format);
	if (img && !o->has_start && !img->has_start) {
		fprintf(stderr, "tenvm: %s has no start address; give one with --start\n", file);
		image_free(img);
		return NULL;
	}
	for (int i = 0; img && i < o->nloads; i++)
		if (load_at_apply(img, &o->loads[i])) {
			image_free(img);
			return NULL;
		}
	return img;
}

/* ---- command-line helpers ---- */

int cli_usage_error(const char *fmt, const char *arg)
{
	fprintf(stderr, "tenvm: ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\nTry 'tenvm help' for more information.\n");
	return EXIT_USAGE;
}

int cli_parse_num(const char *s, int radix, uint64_t max, uint64_t *out)
{
	if (!s || !*s)
		return -1;
	errno = 0;
	char *end;
	unsigned long long v = strtoull(s, &end, radix);
	if (errno || *end || v > max || *s == '-' || *s == '+')
		return -1;
	*out = v;
	return 0;
}

int cli_parse_word(const char *s, uint64_t *out)
{
	const char *sep = s ? strstr(s, ",,") : NULL;
	if (!sep)
		return cli_parse_num(s, 8, W_MASK, out);
	char left[16];
	uint64_t l, r;
	if ((size_t)(sep - s) >= sizeof left)
		return -1;
	memcpy(left, s, (size_t)(sep - s));
	left[sep - s] = 0;
	if (cli_parse_num(left, 8, RH_MASK, &l) || cli_parse_num(sep + 2, 8, RH_MASK, &r))
		return -1;
	*out = l << 18 | r;
	return 0;
}

int cli_parse_size(const char *s, uint64_t *out)
{
	char buf[32];
	size_t n = strlen(s);
	if (n == 0 || n >= sizeof buf)
		return -1;
	memcpy(buf, s, n + 1);
	uint64_t mul = 1;
	if (buf[n - 1] == 'K' || buf[n - 1] == 'k')
		mul = 1024, buf[n - 1] = 0;
	else if (buf[n - 1] == 'M' || buf[n - 1] == 'm')
		mul = 1024 * 1024, buf[n - 1] = 0;
	uint64_t v;
	if (cli_parse_num(buf, 10, (1ULL << 40) / mul, &v))
		return -1;
	*out = v * mul;
	return 0;
}

const char *cli_opt_value(int argc, char **argv, int *i, const char *name)
{
	size_t n = strlen(name);
	if (strncmp(argv[*i], name, n))
		return NULL;
	if (argv[*i][n] == '=')
		return argv[*i] + n + 1;
	if (argv[*i][n] == 0 && *i + 1 < argc)
		return argv[++*i];
	return NULL;
}

int session_option(int argc, char **argv, int *i, struct session_opts *o)
{
	const char *v;
	uint64_t n;
	if ((v = cli_opt_value(argc, argv, i, "--engine"))) {
		if (!strcmp(v, "interp"))
			o->use_bt = 0;
		else if (!strcmp(v, "bt"))
			o->use_bt = 1;
		else
			return cli_usage_error("unknown --engine '%s' (available: bt, interp)", v);
	} else if ((v = cli_opt_value(argc, argv, i, "--backend"))) {
		if (!tr_backend_named(v)) {
			char msg[128];
			snprintf(msg, sizeof msg, "unknown --backend '%%s' (available: %s)", tr_backend_names());
			return cli_usage_error(msg, v);
		}
		tr_backend_use(tr_backend_named(v));
	} else if ((v = cli_opt_value(argc, argv, i, "--log"))) {
		if (tr_log_parse(v))
			return cli_usage_error("--log takes blocks or blocks,host, not '%s'", v);
	} else if ((v = cli_opt_value(argc, argv, i, "--profile"))) {
		if (cli_parse_num(v, 10, 100000, &n) || n == 0)
			return cli_usage_error("--profile takes a count of blocks, not '%s'", v);
		tr_profile_n = (unsigned)n;
	} else if ((v = cli_opt_value(argc, argv, i, "--cache-size"))) {
		if (cli_parse_size(v, &o->cache_bytes) || o->cache_bytes < 4096)
			return cli_usage_error("--cache-size takes a byte count of at least 4096, "
					       "with K or M, not '%s'", v);
	} else if ((v = cli_opt_value(argc, argv, i, "--max-insns"))) {
		if (cli_parse_num(v, 10, UINT64_MAX / 2, &n))
			return cli_usage_error("--max-insns takes a decimal count, not '%s'", v);
		o->cfg.max_insns = n;
	} else if ((v = cli_opt_value(argc, argv, i, "--mem"))) {
		if (cli_parse_num(v, 10, 256, &n) || n == 0)
			return cli_usage_error("--mem takes 1 to 256 (K words, decimal), not '%s'", v);
		o->cfg.mem_kwords = (unsigned)n;
	} else if ((v = cli_opt_value(argc, argv, i, "--clock"))) {
		if (cli_parse_num(v, 10, UINT32_MAX, &n) || n == 0)
			return cli_usage_error("--clock takes a positive decimal count, not '%s'", v);
		o->cfg.clock_period = n;
	} else if ((v = cli_opt_value(argc, argv, i, "--cpu"))) {
		if (!strcmp(v, "ka10"))
			o->cfg.model = CPU_KA10;
		else if (!strcmp(v, "ka10-vmx"))
			o->cfg.model = CPU_KA10_VMX;
		else
			return cli_usage_error("unknown --cpu '%s' (available: ka10, ka10-vmx)", v);
	} else if ((v = cli_opt_value(argc, argv, i, "--switches"))) {
		if (cli_parse_word(v, &n))
			return cli_usage_error("--switches takes an octal word, not '%s' (or LEFT,,RIGHT)", v);
		o->cfg.switches = n;
	} else if ((v = cli_opt_value(argc, argv, i, "--start"))) {
		if (cli_parse_num(v, 8, RH_MASK, &n))
			return cli_usage_error("--start takes an octal address, not '%s'", v);
		o->start = (addr)n;
		o->has_start = 1;
	} else if ((v = cli_opt_value(argc, argv, i, "--load"))) {
		if (o->nloads == LOAD_AT_MAX)
			return cli_usage_error("at most 8 --load options, not more ('%s')", v);
		if (load_at_parse(v, &o->loads[o->nloads]))
			return EXIT_USAGE;
		o->nloads++;
	} else if ((v = cli_opt_value(argc, argv, i, "--format"))) {
		if (load_format_parse(v, &o->format))
			return cli_usage_error("--format takes " LOAD_FORMATS ", not '%s'", v);
	} else {
		return 0;
	}
	return 1;
}

double cli_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec * 1e-9;
}

const char *cli_stop_name(enum stop s)
{
	switch (s) {
	case STOP_HALT: return "halt";
	case STOP_BUDGET: return "budget";
	case STOP_EXIT: return "exit";
	default: return "none";
	}
}

double cli_hit_rate(const struct tc_stats *t)
{
	uint64_t entries = t ? t->lookups + t->chains : 0;
	return entries ? (double)(entries - t->misses) / (double)entries : 0;
}

double cli_direct_share(const struct vm_stats *vs, uint64_t insns)
{
	if (!insns)
		return -1;
	if (!vs)
		return 1;
	uint64_t emulated = vs->emulated < insns ? vs->emulated : insns;
	return (double)(insns - emulated) / (double)insns;
}

const char *cli_share_text(double share, char *buf, size_t n)
{
	if (share < 0)
		snprintf(buf, n, "n/a");
	else
		snprintf(buf, n, "%.2f%%", 100 * share);
	return buf;
}
