/* test_compare.c — tenvm compare's parts: the runs it captures, and the first divergence it finds. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "asm.h"
#include "compare_impl.h"
#include "disasm.h"
#include "harness.h"

static struct image *assemble(const char *src)
{
	struct image *img = image_new();
	cr_assert_not_null(img);
	cr_assert_eq(asm_text("test.mac", src, img, NULL, stderr), 0);
	return img;
}

static struct image *guest(const char *name)
{
	struct image *img = session_load_image(name, NULL);
	cr_assert_not_null(img, "cannot load %s (run from the source root)", name);
	return img;
}

static struct session_opts opts(int mode, int use_bt, uint64_t budget)
{
	struct session_opts o;
	session_defaults(&o);
	o.mode = mode;
	o.use_bt = use_bt;
	o.cache_bytes = 1u << 20;
	o.cfg.max_insns = budget;
	return o;
}

static struct cmp_divergence find(const struct image *img, int mode, int use_bt, uint64_t budget,
				  const struct cmp_input *in)
{
	struct session_opts o = opts(mode, use_bt, budget);
	struct cmp_divergence dv;
	cr_assert_eq(cmp_find_divergence(&o, img, "test", in, budget, UINT64_MAX, &dv), 0);
	return dv;
}

/* userjob under the trap monitor: JRST 1, leaks.  The guest believes it is in
 * user mode and the monitor does not know: the virtual flags lack USER. */
Test(compare, userjob_trap_diverges_at_jrst1)
{
	struct image *img = guest("guests/userjob.mac");
	for (int use_bt = 0; use_bt < 2; use_bt++) {
		struct cmp_divergence dv = find(img, VMM_TRAP, use_bt, 100000, NULL);
		char buf[64];
		cr_assert_eq(dv.found, 1);
		cr_expect_eq(dv.insns, 4);
		cr_expect_eq(dv.pc, 0403);
		cr_expect(dv.has_ir && !dv.user && !dv.interrupt);
		cr_expect_str_eq(disasm(dv.ir, buf, sizeof buf), "JRST 1,1000");
		cr_expect_eq(dv.d.what, CMP_FLAGS, "what = %#x", dv.d.what);
		cr_expect_eq(dv.d.flags[0], F_USER);
		cr_expect_eq(dv.d.flags[1], 0);
		cr_expect_eq(dv.d.pc[0], 01000);
		cr_expect_eq(dv.d.pc[1], 01000);
	}
	image_free(img);
}

/* hybrid, and the trap monitor on the machine with the VM assist (Theorem 1
 * where the machine satisfies it). */
Test(compare, hybrid_and_assist_equal_bare)
{
	static const char *const names[] = { "guests/userjob.mac", "guests/modeleak.mac", "guests/clock.mac",
					     "guests/hello.mac" };
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		struct image *img = guest(names[i]);
		for (int use_bt = 0; use_bt < 4; use_bt++) {
			int mode = use_bt & 2 ? VMM_ASSIST : VMM_HYBRID;
			struct cmp_divergence dv = find(img, mode, use_bt & 1, 1000000, NULL);
			cr_expect_eq(dv.found, 0, "%s (%s): %s diverged at instruction %llu", names[i],
				     use_bt & 1 ? "bt" : "interp", vmm_mode_name((enum vmm_mode)mode),
				     (unsigned long long)dv.insns);
		}
		image_free(img);
	}
}

/* JSP in exec code stores USER = 1 under the trap monitor: one AC differs, and
 * only after a long stretch of equal instructions, so the search must narrow
 * down through several replays to the exact instruction. */
Test(compare, narrows_down_to_one_instruction)
{
	static const char src[] =
		"\tLOC 1000\n"
		"GO:\tMOVEI 1,77777\n"
		"L:\tADDI 3,1\n"
		"\tSOJG 1,L\n"
		"\tJSP 2,.+1\n"
		"\tMOVEI 4,1\n"
		"\tHALT .\n"
		"\tEND GO\n";
	struct image *img = assemble(src);
	for (int use_bt = 0; use_bt < 2; use_bt++) {
		struct cmp_divergence dv = find(img, VMM_TRAP, use_bt, 10000000, NULL);
		char buf[64];
		cr_assert_eq(dv.found, 1);
		cr_expect_eq(dv.insns, 1 + 2 * 077777 + 1);
		cr_expect_eq(dv.pc, 01003);
		cr_expect_str_eq(disasm(dv.ir, buf, sizeof buf), "JSP 2,1004");
		cr_expect_eq(dv.d.what, CMP_ACS);
		cr_expect_eq(dv.d.acs, 1u << 2);
		cr_expect_eq(RH(dv.d.ac[0][2]), 01004);   /* the carries of SOJG, and USER only under trap */
		cr_expect_eq(dv.d.ac[0][2] & (word)F_USER << 18, 0);
		cr_expect_eq(dv.d.ac[1][2], dv.d.ac[0][2] | (word)F_USER << 18);
		cr_expect_gt(dv.replays, 2, "replays %u", dv.replays);
	}
	image_free(img);
}

/* A difference in memory words above the ACs is recorded with both values. */
Test(compare, memory_difference)
{
	static const char src[] =
		"\tLOC 1000\n"
		"GO:\tJSR SUB\n"
		"\tHALT .\n"
		"SUB:\t0\n"
		"\tJRST @SUB\n"
		"\tEND GO\n";
	struct image *img = assemble(src);
	struct cmp_divergence dv = find(img, VMM_TRAP, 1, 1000, NULL);
	cr_assert_eq(dv.found, 1);
	cr_expect_eq(dv.insns, 1);
	cr_expect_eq(dv.d.what, CMP_MEM);
	cr_expect_eq(dv.d.nmem, 1);
	cr_expect_eq(dv.d.nshown, 1);
	cr_expect_eq(dv.d.mem_addr[0], 01002);
	cr_expect_eq(dv.d.mem[0][0], 01001);
	cr_expect_eq(dv.d.mem[1][0], (word)F_USER << 18 | 01001);
	image_free(img);
}

/* No divergence within the budget: the runs end equal. */
Test(compare, budget_before_the_divergence)
{
	struct image *img = guest("guests/userjob.mac");
	struct cmp_divergence dv = find(img, VMM_TRAP, 1, 3, NULL);
	cr_expect_eq(dv.found, 0);
	image_free(img);
}

/* One mode halts while the other runs on: the halt itself is the divergence. */
Test(compare, early_halt)
{
	static const char src[] =
		"\tLOC 1000\n"
		"GO:\tJSP 1,.+1\n"
		"\tTLNE 1,10000\n"
		"\tHALT .\n"
		"\tMOVEI 2,1\n"
		"\tHALT .\n"
		"\tEND GO\n";
	struct image *img = assemble(src);
	/* Under the trap monitor the guest reads USER = 1 and halts at once. */
	struct session_opts o = opts(VMM_TRAP, 1, 1000);
	struct cmp_run r, b;
	cr_assert_eq(cmp_run_mode(&o, img, "test", NULL, &r), 0);
	o.mode = SESSION_BARE;
	cr_assert_eq(cmp_run_mode(&o, img, "test", NULL, &b), 0);
	cr_expect_eq(r.stop, STOP_HALT);
	cr_expect_eq(r.pc, 01002);
	cr_expect_eq(r.insns, 3);
	cr_expect_eq(b.pc, 01004);
	cr_expect_eq(b.insns, 4);
	struct cmp_divergence dv = find(img, VMM_TRAP, 1, 1000, NULL);
	cr_expect_eq(dv.found, 1);
	cr_expect_eq(dv.insns, 1);
	cr_expect_eq(dv.d.what, CMP_ACS);
	cmp_run_free(&r);
	cmp_run_free(&b);
	image_free(img);
}

/* The runs capture TTY output, and every run gets the same input bytes. */
Test(compare, output_and_input)
{
	struct image *img = guest("guests/echo.mac");
	static const char text[] = "Hi, ten!\n\004";
	struct cmp_input in = { (const uint8_t *)text, sizeof text - 1 };
	static const int modes[] = { SESSION_BARE, VMM_TRAP, VMM_ASSIST, VMM_HYBRID };
	for (int i = 0; i < 4; i++) {
		struct session_opts o = opts(modes[i], 1, 1000000);
		struct cmp_run r;
		cr_assert_eq(cmp_run_mode(&o, img, "test", &in, &r), 0);
		cr_expect_eq(r.stop, STOP_HALT, "mode %d", modes[i]);
		cr_expect(r.outlen > 9 && !memcmp(r.out, "HI, TEN!", 8), "mode %d: output %.*s", modes[i],
			  (int)r.outlen, r.out);
		cr_expect_eq(r.has_vm, modes[i] != SESSION_BARE);
		cmp_run_free(&r);
	}
	struct cmp_divergence dv = find(img, VMM_HYBRID, 1, 1000000, &in);
	cr_expect_eq(dv.found, 0);
	image_free(img);
}

/* Under assist, every sensitive instruction of exec code reaches the monitor
 * as a trap: the critical ones as assist traps; nothing is a callout or
 * rewritten inline. */
Test(compare, assist_counts_assist_traps)
{
	struct image *img = guest("guests/modeleak.mac");
	for (int use_bt = 0; use_bt < 2; use_bt++) {
		struct session_opts o = opts(VMM_ASSIST, use_bt, 1000000);
		struct cmp_run r;
		cr_assert_eq(cmp_run_mode(&o, img, "test", NULL, &r), 0);
		cr_expect_eq(r.stop, STOP_HALT);
		cr_expect_gt(r.st.vmx_traps, 0);
		cr_expect_gt(r.st.traps, 0);
		cr_expect_eq(r.st.callouts + r.st.inlines, 0);
		cmp_run_free(&r);
	}
	image_free(img);
}

/* A guest VMM using the assist (--cpu ka10-vmx): its guest's exits are its
 * own under assist and hybrid; the trap monitor lets its JRSTF into guest
 * mode leak. */
Test(compare, a_guest_vmm_on_the_assist)
{
	struct image *img = guest("tests/assist/vmmlet.mac");
	static const int modes[] = { VMM_TRAP, VMM_ASSIST, VMM_HYBRID };
	for (int i = 0; i < 3; i++)
		for (int use_bt = 0; use_bt < 2; use_bt++) {
			struct session_opts o = opts(modes[i], use_bt, 100000);
			o.cfg.model = CPU_KA10_VMX;
			struct cmp_divergence dv;
			cr_assert_eq(cmp_find_divergence(&o, img, "test", NULL, 100000, UINT64_MAX, &dv), 0);
			cr_expect_eq(dv.found, modes[i] == VMM_TRAP, "%s (%d): found %d",
				     vmm_mode_name((enum vmm_mode)modes[i]), use_bt, dv.found);
		}
	image_free(img);
}

/* The table has a column per mode: bare, trap, assist, hybrid, in that order,
 * and a row for assist traps. */
Test(compare, the_table_has_four_columns)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	cr_assert_not_null(f);
	struct image *img = guest("guests/hello.mac");
	struct session_opts o = opts(SESSION_BARE, 1, 100000);
	static const int modes[] = { SESSION_BARE, VMM_TRAP, VMM_ASSIST, VMM_HYBRID };
	struct cmp_run runs[4];
	for (int i = 0; i < 4; i++) {
		struct session_opts mo = opts(modes[i], 1, 100000);
		cr_assert_eq(cmp_run_mode(&mo, img, "test", NULL, &runs[i]), 0);
		runs[i].div.found = 0;
	}
	cmp_report(f, "hello", &o, 0, runs);
	fclose(f);
	const char *b = strstr(buf, "bare"), *t = b ? strstr(b, "trap") : NULL;
	const char *a = t ? strstr(t, "assist") : NULL, *h = a ? strstr(a, "hybrid") : NULL;
	cr_expect(b && t && a && h, "columns out of order:\n%s", buf);
	cr_expect(strstr(buf, "\n  assist traps "), "no assist traps row:\n%s", buf);
	for (int i = 0; i < 4; i++)
		cmp_run_free(&runs[i]);
	free(buf);
	image_free(img);
}
