/* test_disasm.c — the disassembler's text, and the round trip: assembling disasm(w) gives w for every word. */
#define _POSIX_C_SOURCE 200809L
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "asm.h"
#include "disasm.h"

static void text_is(word w, const char *want)
{
	char buf[64];
	cr_expect_str_eq(disasm(w, buf, sizeof buf), want, "%012llo", (unsigned long long)w);
}

Test(disasm, text)
{
	text_is(0200040001020, "MOVE 1,1020");
	text_is(0200063001020, "MOVE 1,@1020(3)");
	text_is(0271100000003, "ADDI 2,3");
	text_is(0200040000000, "MOVE 1,0");
	text_is(0200043000000, "MOVE 1,(3)");
	text_is(0200060000000, "MOVE 1,@0");
	text_is(0254000001000, "JRST 1000");
	text_is(0254200001007, "HALT 1007");
	text_is(0254200000000, "HALT");
	text_is(0254600001000, "JRST 14,1000");
	text_is(0254100001000, "JRSTF 1000");
	text_is(0254520000040, "JEN @40");
	text_is(0254040000000, "JRST 1,0");
	text_is(0255000000000, "JFCL");
	text_is(0255400001234, "JOV 1234");
	text_is(0255740001001, "JFCL 17,1001");
	text_is(0051040000100, "OUTCHR 100");
	text_is(0051300000100, "TTCALL 6,100");
	text_is(0051340000100, "TTCALL 7,100");
	text_is(0, "Z");
	text_is(0777777777777, "CONSO 774,@777777(17)");
	text_is(0712200000010, "CONO 120,10");
	text_is(0700240000000, "CONI 000,0");
	text_is(0700600002200, "CONO 004,2200");
	text_is(0100000000000, "UNK100");
	text_is(0001040000002, "LUUO01 1,2");
	text_is(0400000000000, "SETZ");
	text_is(0677777777777, "TSON 17,@777777(17)");
	text_is(0200003000000, "MOVE (3)");
	text_is(0200020001000, "MOVE @1000");
}

Test(disasm, truncates_safely)
{
	char buf[5] = "xxxx";
	cr_expect_str_eq(disasm(0200063001020, buf, sizeof buf), "MOVE");
	cr_expect_str_eq(disasm(0200063001020, buf, 1), "");
	cr_expect_eq(disasm(0, buf, 0), buf);
	cr_expect_str_eq(disasm(0x7fffffffffffffffULL, (char[64]){ 0 }, 64), "CONSO 774,@777777(17)");
}

/* Assemble disasm(w[i]) for every i at address i; expect the same words back. */
static void round_trip(const word *w, size_t n)
{
	size_t cap = n * 40 + 64, len = 0;
	char *src = malloc(cap), buf[64];
	cr_assert(src && n <= IMAGE_WORDS);
	len += (size_t)sprintf(src, "\tLOC 0\n");
	for (size_t i = 0; i < n; i++)
		len += (size_t)sprintf(src + len, "\t%s\n", disasm(w[i], buf, sizeof buf));
	strcpy(src + len, "\tEND\n");
	struct image *img = image_new();
	char errs[4096] = "";
	FILE *e = fmemopen(errs, sizeof errs - 1, "w");
	int nerr = asm_text("rt.mac", src, img, NULL, e);
	fclose(e);
	cr_assert_eq(nerr, 0, "%s", errs);
	size_t bad = 0;
	for (size_t i = 0; i < n && bad < 10; i++)
		if (img->w[i] != w[i] || !img->set[i]) {
			bad++;
			cr_expect_fail("%012llo -> \"%s\" -> %012llo", (unsigned long long)w[i],
			               disasm(w[i], buf, sizeof buf), (unsigned long long)img->w[i]);
		}
	cr_expect_eq(img->hi, n - 1);
	image_free(img);
	free(src);
}

/* Every opcode (I/O: every device high part) with every AC, I, and edge X and Y. */
Test(disasm, round_trip_all_opcodes, .timeout = 120)
{
	static const addr ys[] = { 0, 1, 017, 01020, 0400000, 0777777 };
	static const unsigned xs[] = { 0, 1, 017 };
	size_t n = 0, cap = 01000 * 16 * 2 * 3 * 6;
	word *w = malloc(cap * sizeof *w);
	for (unsigned op = 0; op < 01000; op++)
		for (unsigned ac = 0; ac < 16; ac++)
			for (unsigned i = 0; i < 2; i++)
				for (unsigned x = 0; x < 3; x++)
					for (unsigned y = 0; y < 6; y++)
						w[n++] = (word)op << 27 | (word)ac << 23 | (word)i << 22 |
						         (word)xs[x] << 18 | ys[y];
	round_trip(w, n / 2);           /* one image holds 2^18 words: two halves */
	round_trip(w + n / 2, n - n / 2);
	free(w);
}

Test(disasm, round_trip_random, .timeout = 120)
{
	unsigned long long r = 0x9E3779B97F4A7C15ULL;
	size_t n = 200000;
	word *w = malloc(n * sizeof *w);
	for (size_t i = 0; i < n; i++) {
		r ^= r << 13;
		r ^= r >> 7;
		r ^= r << 17;
		w[i] = r & W_MASK;
	}
	round_trip(w, n);
	free(w);
}

/* Everything the disassembler writes is a single statement the assembler
 * reads as an instruction, also inside a literal. */
Test(disasm, round_trip_in_literals)
{
	static const word ws[] = { 0, 0254200001007, 0712200000010, 0777777777777, 0200043000000 };
	char src[1024] = "\tLOC 100\n", buf[64];
	for (size_t i = 0; i < sizeof ws / sizeof ws[0]; i++)
		sprintf(src + strlen(src), "\tEXP [%s]\n", disasm(ws[i], buf, sizeof buf));
	strcat(src, "\tEND\n");
	struct image *img = image_new();
	cr_assert_eq(asm_text("lit.mac", src, img, NULL, stderr), 0);
	for (size_t i = 0; i < sizeof ws / sizeof ws[0]; i++)
		cr_expect_eq(img->w[img->w[0100 + i]], ws[i], "%zu", i);
	image_free(img);
}
