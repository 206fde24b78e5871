/* test_byte.c — IBP, ILDB, LDB, IDPB, DPB: positions, word edges, odd sizes, the KA10 pointer increment, FPD. */
#include <criterion/criterion.h>
#include "harness.h"

#define BP(p, s, y) (((word)(p) << 30) | ((word)(s) << 24) | (word)(y))

Test(byte, ldb_fields)
{
	struct cpu *c = h_snip("\tLDB 1,[POINT 6,X,5]\n\tLDB 2,[POINT 6,X,35]\n\tLDB 3,[POINT 3,X,20]\n"
			       "\tLDB 4,[POINT 36,X,35]\n\tLDB 5,[POINT 1,X,0]\n\tHALT .\nX:\t123456,,701234\n");
	H_EQ(c->mem[1], 012);
	H_EQ(c->mem[2], 034);
	H_EQ(c->mem[3], 7);            /* bits 18-20 */
	H_EQ(c->mem[4], 0123456701234);
	H_EQ(c->mem[5], 0);
	cpu_free(c);
}

Test(byte, dpb_fields)
{
	struct cpu *c = h_snip("\tMOVEI 1,77\n\tDPB 1,[POINT 6,X,11]\n\tMOVE 2,[-1]\n\tDPB 2,[POINT 3,Y,35]\n"
			       "\tHALT .\nX:\t0\nY:\t0\n");
	H_EQ(c->mem[01005], 0007700000000);   /* bits 6-11 */
	H_EQ(c->mem[01006], 7);        /* only the byte's bits are deposited */
	H_EQ(c->mem[1], 077);
	cpu_free(c);
}

Test(byte, ildb_starts_at_p36)
{
	/* POINT 7,X has P = 36: the first ILDB takes bits 0-6 of X itself. */
	struct cpu *c = h_snip("\tMOVE 10,[POINT 7,X]\n\tILDB 1,10\n\tILDB 2,10\n\tHALT .\nX:\tASCII /ABCDE/\n");
	H_EQ(c->mem[1], 'A');
	H_EQ(c->mem[2], 'B');
	H_EQ(c->mem[010], BP(22, 7, 01004));
	cpu_free(c);
}

Test(byte, ildb_crosses_word)
{
	/* After the fifth 7-bit byte P = 1 < S: the next is bits 0-6 of the next word. */
	struct cpu *c = h_snip("\tMOVE 10,[POINT 7,X]\n\tMOVEI 3,6\nL:\tILDB 1,10\n\tSOJG 3,L\n\tHALT .\n"
			       "X:\tASCII /ABCDEFGHIJ/\n");
	H_EQ(c->mem[1], 'F');
	H_EQ(c->mem[010], BP(29, 7, 01006));
	cpu_free(c);
}

Test(byte, ibp_sequence)
{
	struct cpu *c = h_snip("\tIBP P\n\tMOVE 1,P\n\tIBP P\n\tIBP P\n\tIBP P\n\tIBP P\n\tMOVE 2,P\n"
			       "\tIBP P\n\tMOVE 3,P\n\tHALT .\nP:\tPOINT 7,1000\n");
	H_EQ(c->mem[1], BP(29, 7, 01000));
	H_EQ(c->mem[2], BP(1, 7, 01000));
	H_EQ(c->mem[3], BP(29, 7, 01001));
	cpu_free(c);
}

Test(byte, p_equal_s_stays_in_word)
{
	/* P = S: P' = 0, the same word. */
	struct cpu *c = h_snip("\tIBP P\n\tHALT .\nP:\tPOINT 6,1000,29\n");
	H_EQ(c->mem[01002], BP(0, 6, 01000));
	cpu_free(c);
}

Test(byte, ibp_ka10_carry_into_left_half)
{
	/* KA10: Y+1 is a 36-bit add of 1: Y = 777777 carries into the X field. */
	struct cpu *c = h_snip("\tIBP P\n\tHALT .\nP:\t010700,,777777\n");
	H_EQ(c->mem[01002], 0350701000000);
	cpu_free(c);
}

Test(byte, ibp_ignores_ac_field)
{
	/* On the KA10 133 with AC != 0 is IBP (no ADJBP). */
	struct cpu *c = h_snip("\tMOVEI 1,5\n\tIBP 1,P\n\tHALT .\nP:\tPOINT 7,1000\n");
	H_EQ(c->mem[1], 5);
	H_EQ(c->mem[01003], BP(29, 7, 01000));
	cpu_free(c);
}

Test(byte, idpb_builds_string)
{
	struct cpu *c = h_snip("\tMOVE 10,[POINT 7,X]\n\tMOVEI 1,\"H\"\n\tIDPB 1,10\n\tMOVEI 1,\"I\"\n"
			       "\tIDPB 1,10\n\tSETZ 1,\n\tIDPB 1,10\n\tHALT .\nX:\t-1\n");
	H_EQ(c->mem[01010], ((word)'H' << 29) | ((word)'I' << 22) | 077777);
	cpu_free(c);
}

Test(byte, size_zero)
{
	/* S = 0: LDB gives 0, DPB writes the word back unchanged. */
	struct cpu *c = h_snip("\tSETO 1,\n\tLDB 1,[000000,,X]\n\tSETO 2,\n\tDPB 2,[300000,,X]\n"
			       "\tHALT .\nX:\t123,,456\n");
	H_EQ(c->mem[1], 0);
	H_EQ(c->mem[01005], 0123000456);
	cpu_free(c);
}

Test(byte, size_over_36)
{
	/* S > 36: the mask covers the whole word. */
	struct cpu *c = h_snip("\tLDB 1,[005000,,X]\n\tMOVE 2,[252525,,252525]\n\tDPB 2,[007700,,Y]\n"
			       "\tLDB 3,[036000,,X]\n\tHALT .\nX:\t123456,,654321\nY:\t-1\n");
	H_EQ(c->mem[1], 0123456654321);
	H_EQ(c->mem[01006], 0252525252525);
	H_EQ(c->mem[3], 0123456654321 >> 3);
	cpu_free(c);
}

Test(byte, position_36_or_more)
{
	/* P >= 36: the byte lies outside the word: LDB 0, DPB changes nothing. */
	struct cpu *c = h_snip("\tSETO 1,\n\tLDB 1,[440600,,X]\n\tSETO 2,\n\tLDB 2,[770600,,X]\n"
			       "\tSETO 3,\n\tDPB 3,[500600,,X]\n\tHALT .\nX:\t123456,,654321\n");
	H_EQ(c->mem[1], 0);
	H_EQ(c->mem[2], 0);
	H_EQ(c->mem[01007], 0123456654321);
	cpu_free(c);
}

Test(byte, byte_straddling_bit_0)
{
	/* P + S > 36 (P = 34, S = 8): only the bits inside the word. */
	struct cpu *c = h_snip("\tLDB 1,[421000,,X]\n\tSETO 2,\n\tDPB 2,[421000,,Y]\n\tHALT .\n"
			       "X:\t-1\nY:\t0\n");
	H_EQ(c->mem[1], 3);            /* bits 0-1 (the word's top two bits) */
	H_EQ(c->mem[01005], 0600000000000);
	cpu_free(c);
}

Test(byte, pointer_indexed_and_indirect)
{
	struct cpu *c = h_snip("\tMOVEI 2,1\n\tLDB 1,[POINT 6,X(2),5]\n\tLDB 3,[POINT 6,@Q,11]\n"
			       "\tHALT .\nX:\t0\n\t770000,,0\nQ:\tX+1\n");
	H_EQ(c->mem[1], 077);
	H_EQ(c->mem[3], 0);
	cpu_free(c);
}

Test(byte, ildb_wide_bytes)
{
	/* 18-bit bytes: two per word. */
	struct cpu *c = h_snip("\tMOVE 10,[POINT 18,X]\n\tILDB 1,10\n\tILDB 2,10\n\tILDB 3,10\n"
			       "\tHALT .\nX:\t1,,2\n\t3,,4\n");
	H_EQ(c->mem[1], 1);
	H_EQ(c->mem[2], 2);
	H_EQ(c->mem[3], 3);
	cpu_free(c);
}

Test(byte, odd_size_wraps_with_36_minus_s)
{
	/* S = 10: P goes 26, 16, 6; then 6 < 10 gives P = 26 in the next word (2 bits unused). */
	struct cpu *c = h_snip("\tMOVE 10,[POINT 10,X]\n\tMOVEI 3,4\nL:\tILDB 1,10\n\tSOJG 3,L\n"
			       "\tHALT .\nX:\t-1\n\t516000,,0\n");
	H_EQ(c->mem[010], BP(26, 10, 01006));
	H_EQ(c->mem[1], 01234);        /* bits 0-9 of 516000,,0 */
	cpu_free(c);
}

Test(byte, fpd_clear_after_ildb)
{
	struct cpu *c = h_snip("\tMOVE 10,[POINT 7,X]\n\tILDB 1,10\n\tJSP 17,.+1\n\tHALT .\nX:\t0\n");
	H_EQ(LH(c->mem[017]) & F_FPD, 0);
	cpu_free(c);
}

Test(byte, fpd_set_skips_the_increment)
{
	/* With FPD (BIS) set, ILDB does not advance the pointer; the byte transfer clears FPD. */
	struct cpu *c = h_snip("\tJRSTF @[020000,,L]\nL:\tILDB 1,P\n\tJSP 17,.+1\n\tHALT .\n"
			       "P:\tPOINT 7,X,6\nX:\tASCII /AB/\n");
	H_EQ(c->mem[1], 'A');
	H_EQ(c->mem[01004], BP(29, 7, 01005));   /* unchanged */
	H_EQ(LH(c->mem[017]) & F_FPD, 0);
	cpu_free(c);
}

Test(byte, fpd_set_idpb)
{
	struct cpu *c = h_snip("\tMOVEI 1,\"Z\"\n\tJRSTF @[020000,,L]\nL:\tIDPB 1,P\n\tHALT .\n"
			       "P:\tPOINT 7,X,6\nX:\t0\n");
	H_EQ(c->mem[01005], (word)'Z' << 29);
	H_EQ(c->mem[01004], BP(29, 7, 01005));
	cpu_free(c);
}
