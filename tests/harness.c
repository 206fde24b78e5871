/* harness.c — assemble-and-run support for the Criterion unit tests. */
#include <criterion/criterion.h>
#include "asm.h"
#include "harness.h"
#include "image.h"

struct cpu *h_run(const char *src, const struct h_opts *o, enum stop *stop)
{
	static const struct h_opts none;
	if (!o)
		o = &none;
	struct image *img = image_new();
	cr_assert_not_null(img);
	int errs = asm_text("test.mac", src, img, NULL, stderr);
	cr_assert_eq(errs, 0, "the test program does not assemble (%d errors)", errs);
	cr_assert(img->has_start, "the test program has no END start");
	struct cpu_config cfg = {
		.mem_kwords = o->mem_kwords ? o->mem_kwords : 256,
		.max_insns = o->max_insns ? o->max_insns : 1000000,
		.clock_period = o->clock ? o->clock : CLOCK_DEFAULT,
		.tty_in_fd = o->has_tty_in ? o->tty_in_fd : -1,
		.tty_out = o->tty_out,
	};
	struct cpu *c = cpu_new(&cfg);
	cr_assert_not_null(c);
	for (addr a = img->lo; img->lo <= img->hi && a <= img->hi; a++)
		if (img->set[a] && a < c->memsize)
			c->mem[a] = img->w[a];
	c->pc = img->start;
	image_free(img);
	enum stop s = interp_run(c);
	if (stop)
		*stop = s;
	return c;
}

struct cpu *h_halt(const char *src)
{
	enum stop s;
	struct cpu *c = h_run(src, NULL, &s);
	cr_assert_eq(s, STOP_HALT, "the test program did not halt (stop %d at PC %06o)", s, c->pc);
	return c;
}
