/* harness.c — assemble-and-run support for the Criterion unit tests. */
#include <criterion/criterion.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "asm.h"
#include "harness.h"
#include "image.h"
#include "tr.h"
#include "vmm.h"

/* Assemble src into an image and the machine configuration o asks for. */
static struct image *h_image(const char *src, const struct h_opts *o, struct cpu_config *cfg)
{
	struct image *img = image_new();
	cr_assert_not_null(img);
	int errs = asm_text("test.mac", src, img, NULL, stderr);
	cr_assert_eq(errs, 0, "the test program does not assemble (%d errors)", errs);
	cr_assert(img->has_start, "the test program has no END start");
	*cfg = (struct cpu_config){
		.mem_kwords = o->mem_kwords ? o->mem_kwords : 256,
		.max_insns = o->max_insns ? o->max_insns : 1000000,
		.clock_period = o->clock ? o->clock : CLOCK_DEFAULT,
		.tty_in_fd = o->has_tty_in ? o->tty_in_fd : -1,
		.tty_out = o->tty_out,
		.model = o->model,
	};
	return img;
}

/* Put img into machine c, ready to run from its start. */
static void h_place(struct cpu *c, const struct image *img)
{
	for (addr a = img->lo; img->lo <= img->hi && a <= img->hi; a++)
		if (img->set[a] && a < c->memsize)
			c->mem[a] = img->w[a];
	c->pc = img->start;
}

/* Assemble src and load it into a new machine, ready to run from its start. */
static struct cpu *h_load(const char *src, const struct h_opts *o)
{
	static const struct h_opts none;
	struct cpu_config cfg;
	struct image *img = h_image(src, o ? o : &none, &cfg);
	struct cpu *c = cpu_new(&cfg);
	cr_assert_not_null(c);
	h_place(c, img);
	image_free(img);
	return c;
}

/*
 * Every test program also runs on the other engine and under the hybrid and
 * assist monitors (on both engines), and must end in exactly the reference run's
 * state: stop reason, PC, flags, instruction and cycle counts, every word of
 * memory, and the TTY output count.  (Programs fed TTY input are left out: the
 * input is consumed.)
 */
static void h_same(const struct cpu *ref, enum stop rs, const struct cpu *c, enum stop s,
		   const char *how)
{
	cr_assert_eq(s, rs, "%s: stop %d, the interpreter's %d", how, s, rs);
	cr_assert_eq(c->pc, ref->pc, "%s: PC %06o, the interpreter's %06o", how, c->pc, ref->pc);
	cr_assert_eq(c->flags, ref->flags, "%s: flags %06o, the interpreter's %06o", how, c->flags,
		     ref->flags);
	cr_assert_eq(cpu_insns(c), cpu_insns(ref), "%s: %llu instructions, the interpreter's %llu",
		     how, (unsigned long long)cpu_insns(c), (unsigned long long)cpu_insns(ref));
	cr_assert_eq(c->cycles, ref->cycles, "%s: cycles differ", how);
	cr_assert_eq(c->tty.chars_out, ref->tty.chars_out, "%s: TTY output differs", how);
	for (addr a = 0; a < ref->memsize; a++)
		cr_assert_eq(c->mem[a], ref->mem[a], "%s: word %06o is %012llo, the interpreter's %012llo",
			     how, a, (unsigned long long)c->mem[a], (unsigned long long)ref->mem[a]);
}

static void h_cross_check(const char *src, const struct h_opts *o, const struct cpu *ref, enum stop rs)
{
	struct cpu_config cfg;
	struct image *img = h_image(src, o, &cfg);
	cfg.tty_out = NULL;
	/* bare, bt */
	struct cpu *c = cpu_new(&cfg);
	cr_assert_not_null(c);
	h_place(c, img);
	struct bt *bt = bt_new(c, 1u << 20, &tr_identity);
	cr_assert_not_null(bt);
	h_same(ref, rs, c, bt_run(c, bt), "bt");
	bt_free(c, bt);
	cpu_free(c);
	/* hybrid and assist, on both engines */
	static const char *const how[2][2] = { { "hybrid on interp", "hybrid on bt" },
					       { "assist on interp", "assist on bt" } };
	for (int assist = 0; assist <= 1; assist++)
		for (int use_bt = 0; use_bt <= 1; use_bt++) {
			struct cpu_config rc = { .mem_kwords = 256, .tty_in_fd = -1 };
			struct cpu *real = cpu_new(&rc);
			struct vmm *m = real ? vmm_new(real, assist ? VMM_ASSIST : VMM_HYBRID, use_bt,
						       1u << 20) : NULL;
			struct vm *vm = m ? vmm_add(m, &cfg) : NULL;
			cr_assert_not_null(vm);
			h_place(vm->v, img);
			vmm_run(m);
			h_same(ref, rs, vm->v, vm->stop, how[assist][use_bt]);
			vmm_free(m);
			cpu_free(real);
		}
	image_free(img);
}

struct cpu *h_run(const char *src, const struct h_opts *o, enum stop *stop)
{
	static const struct h_opts none;
	if (!o)
		o = &none;
	struct cpu *c = h_load(src, o);
	enum stop s = interp_run(c);
	if (!o->has_tty_in)
		h_cross_check(src, o, c, s);
	if (stop)
		*stop = s;
	return c;
}

struct cpu *h_run_bt(const char *src, const struct h_opts *o, enum stop *stop, size_t cache_bytes,
		     struct bt **btp)
{
	struct cpu *c = h_load(src, o);
	struct bt *bt = bt_new(c, cache_bytes ? cache_bytes : 1u << 20, &tr_identity);
	cr_assert_not_null(bt);
	enum stop s = bt_run(c, bt);
	if (stop)
		*stop = s;
	if (btp)
		*btp = bt;
	return c;
}

void h_free(struct cpu *c)
{
	if (c && c->engine)
		bt_free(c, c->engine);
	cpu_free(c);
}

struct cpu *h_halt(const char *src)
{
	enum stop s;
	struct cpu *c = h_run(src, NULL, &s);
	cr_assert_eq(s, STOP_HALT, "the test program did not halt (stop %d at PC %06o)", s, c->pc);
	return c;
}

struct cpu *h_snip_opts(const char *body, const struct h_opts *o, enum stop *stop)
{
	static const char pre[] = "\tLOC 1000\nGO:\n", post[] = "\n\tHALT .\n\tEND GO\n";
	size_t n = strlen(body);
	char *src = malloc(sizeof pre + n + sizeof post);
	cr_assert_not_null(src);
	memcpy(src, pre, sizeof pre - 1);
	memcpy(src + sizeof pre - 1, body, n);
	memcpy(src + sizeof pre - 1 + n, post, sizeof post);
	struct cpu *c = h_run(src, o, stop);
	free(src);
	return c;
}

struct cpu *h_snip(const char *body)
{
	enum stop s;
	struct cpu *c = h_snip_opts(body, NULL, &s);
	cr_assert_eq(s, STOP_HALT, "the snippet did not halt (stop %d at PC %06o):\n%s", s, c->pc, body);
	return c;
}

struct cpu *h_snipf(const char *fmt, ...)
{
	char buf[8192];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	cr_assert(n >= 0 && (size_t)n < sizeof buf, "snippet too long");
	return h_snip(buf);
}

word h_ac(const char *body, unsigned n)
{
	struct cpu *c = h_snip(body);
	word w = c->mem[n & 017];
	cpu_free(c);
	return w;
}
