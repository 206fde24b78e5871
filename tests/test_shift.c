/* test_shift.c — ASH, ROT, LSH, ASHC, ROTC, LSHC, JFFO: counts, directions, overflow, the KA10's ASHC. */
#include <criterion/criterion.h>
#include "harness.h"

#define FL(c) LH((c)->mem[017])

/* Single-word shift: MOVE 1,[a] / op 1,count / JSP 17,.+1; count is MACRO text (E). */
static void sh1(const char *op, word a, const char *count, word want, uint32_t wantfl)
{
	struct cpu *c = h_snipf("\tMOVE 1,[%llo]\n\t%s 1,%s\n\tJSP 17,.+1\n",
				(unsigned long long)a, op, count);
	cr_expect_eq(c->mem[1], want, "%s %012llo by %s = %012llo, want %012llo", op,
		     (unsigned long long)a, count, (unsigned long long)c->mem[1],
		     (unsigned long long)want);
	cr_expect_eq(FL(c), wantfl, "%s %012llo by %s: flags %06o, want %06o", op,
		     (unsigned long long)a, count, FL(c), wantfl);
	cpu_free(c);
}

/* Double-word shift of AC1,AC2. */
static void sh2(const char *op, word hi, word lo, const char *count, word whi, word wlo,
		uint32_t wantfl)
{
	struct cpu *c = h_snipf("\tMOVE 1,[%llo]\n\tMOVE 2,[%llo]\n\t%s 1,%s\n\tJSP 17,.+1\n",
				(unsigned long long)hi, (unsigned long long)lo, op, count);
	cr_expect(c->mem[1] == whi && c->mem[2] == wlo,
		  "%s %012llo %012llo by %s = %012llo %012llo, want %012llo %012llo", op,
		  (unsigned long long)hi, (unsigned long long)lo, count,
		  (unsigned long long)c->mem[1], (unsigned long long)c->mem[2],
		  (unsigned long long)whi, (unsigned long long)wlo);
	cr_expect_eq(FL(c), wantfl, "%s by %s: flags %06o, want %06o", op, count, FL(c), wantfl);
	cpu_free(c);
}

/* ---- ASH ---- */

Test(shift, ash_left_right)
{
	sh1("ASH", 5, "3", 050, 0);
	sh1("ASH", 050, "-3", 5, 0);
	sh1("ASH", 0777777777770, "-2", 0777777777776, 0);   /* -8 / 4, sign fills */
	sh1("ASH", 0777777777777, "1", 0777777777776, 0);
	sh1("ASH", 0600000000000, "1", 0400000000000, 0);    /* -2^34 * 2 = -2^35 fits */
	sh1("ASH", 0777777777775, "-1", 0777777777776, 0);   /* -3 >> 1 = -2 (floor) */
}

Test(shift, ash_overflow_keeps_sign)
{
	/* A bit different from the sign leaves bit 1: AROV; bit 0 is kept. */
	sh1("ASH", 0200000000000, "1", 0, F_AROV);
	sh1("ASH", 0400000000000, "1", 0400000000000, F_AROV);
	sh1("ASH", 0500000000001, "1", 0600000000002, F_AROV);   /* bit 1 (0) lost */
	sh1("ASH", 0700000000001, "1", 0600000000002, 0);
	sh1("ASH", 0300000000000, "1", 0200000000000, F_AROV);
	sh1("ASH", 1, "42", 0200000000000, 0);              /* 34 */
	sh1("ASH", 1, "43", 0, F_AROV);                     /* 35: into bit 0, lost */
}

Test(shift, ash_big_counts)
{
	sh1("ASH", 1, "44", 0, F_AROV);                      /* 36: every bit lost */
	sh1("ASH", 0777777777777, "44", 0400000000000, 0);   /* -1: only sign bits lost */
	sh1("ASH", 0777777777773, "-100", 0777777777777, 0);  /* right by 64: all sign */
	sh1("ASH", 5, "-43", 0, 0);
	sh1("ASH", 0400000000000, "-43", 0777777777777, 0);
	sh1("ASH", 0400000000000, "-42", 0777777777776, 0);  /* right 34 */
}

Test(shift, ash_count_from_e)
{
	/* Only E bit 18 (sign) and bits 28-35 count. */
	sh1("ASH", 5, "777777", 2, 0);                       /* -1 */
	sh1("ASH", 5, "777400", 5, 0);                       /* -256 & 377 = 0: no shift */
	sh1("ASH", 5, "400", 5, 0);                          /* bit 27 ignored: 0 */
	sh1("ASH", 5, "1003", 050, 0);                       /* bit 26 ignored: 3 */
	sh1("ASH", 5, "377002", 024, 0);                     /* bits 19-27 ignored: 2 */
	sh1("ASH", 0100, "400776", 020, 0);                  /* sign + 776: -2 */
}

Test(shift, ash_count_indexed)
{
	struct cpu *c = h_snip("\tMOVEI 2,2\n\tMOVEI 1,3\n\tASH 1,1(2)\n\tMOVNI 3,1\n\tMOVEI 4,40\n"
			       "\tASH 4,(3)\n");
	H_EQ(c->mem[1], 030);          /* count 1+2 = 3 */
	H_EQ(c->mem[4], 020);          /* E = RH(-1) = 777777: -1 */
	cpu_free(c);
}

/* ---- ROT ---- */

Test(shift, rot)
{
	sh1("ROT", 0400000000001, "3", 014, 0);
	sh1("ROT", 0400000000001, "-3", 0140000000000, 0);
	sh1("ROT", 0123456701234, "44", 0123456701234, 0);   /* 36 */
	sh1("ROT", 0400000000001, "45", 3, 0);               /* 37 = 1 */
	sh1("ROT", 0123456701234, "14", 0567012341234, 0);   /* 12: four octal digits */
	sh1("ROT", 0123456701234, "-14", 0123412345670, 0);
	sh1("ROT", 0777777777777, "377", 0777777777777, 0);
}

Test(shift, rot_count_from_e)
{
	/* E = 777400 is -256 for the rotates: -256 mod 36 = 32 left = 4 right. */
	sh1("ROT", 017, "777400", 0740000000000, 0);
	sh1("ROT", 017, "777777", 0400000000007, 0);         /* -1 */
	sh1("ROT", 017, "400", 017, 0);                      /* 0 */
	sh1("ROT", 017, "1001", 036, 0);                     /* 1 */
}

/* ---- LSH ---- */

Test(shift, lsh)
{
	sh1("LSH", 0400000000001, "1", 2, 0);
	sh1("LSH", 0400000000000, "-3", 0040000000000, 0);   /* logical: zeros enter */
	sh1("LSH", 1, "43", 0400000000000, 0);               /* 35 */
	sh1("LSH", 0777777777777, "44", 0, 0);               /* 36 */
	sh1("LSH", 0777777777777, "-44", 0, 0);
	sh1("LSH", 0777777777777, "-43", 1, 0);
	sh1("LSH", 0777777777777, "200", 0, 0);
	sh1("LSH", 0777777777777, "777400", 0777777777777, 0);   /* count 0 */
	sh1("LSH", 0777777777777, "777777", 0377777777777, 0);
}

/* ---- ASHC (KA10): 70 bits, AC+1 bit 0 := AC sign, count capped at 70 ---- */

Test(shift, ashc_left)
{
	sh2("ASHC", 0, 1, "43", 1, 0, 0);                    /* 35: low magnitude into high */
	sh2("ASHC", 0, 0400000000001, "1", 0, 2, 0);         /* AC+1 bit 0 ignored, then := 0 */
	sh2("ASHC", 0, 0200000000000, "1", 1, 0, 0);
	sh2("ASHC", 0777777777777, 0777777777777, "1", 0777777777777, 0777777777776, 0);
}

Test(shift, ashc_right)
{
	sh2("ASHC", 1, 0, "-1", 0, 0200000000000, 0);
	/* -2^35 (AC+1 bit 0 clear, ignored) >> 1 = -2^34 */
	sh2("ASHC", 0777777777777, 0, "-1", 0777777777777, 0600000000000, 0);
	sh2("ASHC", 5, 0, "-43", 0, 5, 0);                   /* 35 */
	sh2("ASHC", 0400000000000, 0, "-43", 0777777777777, 0400000000000, 0);
}

Test(shift, ashc_low_sign_set_from_high)
{
	/* On both left and right shifts AC+1 bit 0 comes out equal to AC bit 0. */
	sh2("ASHC", 0777777777777, 0377777777777, "-1", 0777777777777, 0777777777777, 0);
	sh2("ASHC", 0777777777776, 1, "1", 0777777777774, 0400000000002, 0);
	sh2("ASHC", 0, 0400000000000, "-1", 0, 0, 0);
}

Test(shift, ashc_overflow)
{
	sh2("ASHC", 1, 0, "43", 0, 0, F_AROV);                /* 2^35 << 35: lost */
	sh2("ASHC", 0200000000000, 0, "1", 0, 0, F_AROV);
	sh2("ASHC", 0400000000000, 0, "1", 0400000000000, 0400000000000, F_AROV);
	sh2("ASHC", 0600000000000, 0, "1", 0400000000000, 0400000000000, 0);
}

Test(shift, ashc_count_capped_at_70)
{
	sh2("ASHC", 0777777777777, 0777777777777, "-200", 0777777777777, 0777777777777, 0);
	sh2("ASHC", 0377777777777, 0777777777777, "-107", 0, 0, 0);   /* 71 -> 70 */
	sh2("ASHC", 0377777777777, 0777777777777, "-106", 0, 0, 0);   /* 70 */
	sh2("ASHC", 0377777777777, 0777777777777, "-105", 0, 1, 0);   /* 69: one bit left */
	sh2("ASHC", 0777777777777, 0, "-106", 0777777777777, 0777777777777, 0);
}

Test(shift, ashc_zero_count_changes_nothing)
{
	/* A zero count does no shift at all: AC+1 bit 0 is left as it was (CC: SC == 0). */
	sh2("ASHC", 0, 0400000000001, "0", 0, 0400000000001, 0);
	sh2("ASHC", 0, 0400000000001, "777400", 0, 0400000000001, 0);
}

/* ---- ROTC, LSHC: plain 72-bit ---- */

Test(shift, rotc)
{
	sh2("ROTC", 0400000000000, 1, "1", 0, 3, 0);
	sh2("ROTC", 0400000000000, 1, "-1", 0600000000000, 0, 0);
	sh2("ROTC", 0123456701234, 0765432107654, "44", 0765432107654, 0123456701234, 0);
	sh2("ROTC", 0123456701234, 0765432107654, "110", 0123456701234, 0765432107654, 0); /* 72 */
	sh2("ROTC", 0123456701234, 0765432107654, "3", 0234567012347, 0654321076541, 0);
}

Test(shift, rotc_count_from_e)
{
	/* 777400 = -256: -256 mod 72 = 32 left */
	sh2("ROTC", 0, 017, "777400", 0, 0740000000000, 0);
	sh2("ROTC", 0, 1, "777777", 0400000000000, 0, 0);    /* -1 */
}

Test(shift, lshc)
{
	sh2("LSHC", 0, 0400000000000, "1", 1, 0, 0);
	sh2("LSHC", 1, 0, "-1", 0, 0400000000000, 0);
	sh2("LSHC", 0777777777777, 0777777777777, "44", 0777777777777, 0, 0);
	sh2("LSHC", 0777777777777, 0777777777777, "-44", 0, 0777777777777, 0);
	sh2("LSHC", 0777777777777, 0777777777777, "107", 0400000000000, 0, 0);   /* 71 */
	sh2("LSHC", 0777777777777, 0777777777777, "110", 0, 0, 0);               /* 72 */
	sh2("LSHC", 0777777777777, 0777777777777, "-110", 0, 0, 0);
	sh2("LSHC", 0777777777777, 0777777777777, "777400", 0777777777777, 0777777777777, 0);
}

Test(shift, shifts_set_no_carries)
{
	sh1("LSH", 0400000000000, "1", 0, 0);
	sh1("ROT", 0400000000000, "1", 1, 0);
	sh2("LSHC", 0400000000000, 0, "1", 0, 0, 0);
}

/* ---- JFFO ---- */

Test(shift, jffo)
{
	struct cpu *c = h_snip("\tMOVEI 1,1\n\tJFFO 1,L1\n\tHALT .\nL1:\tMOVE 3,[400000000000]\n"
			       "\tJFFO 3,L2\n\tHALT .\nL2:\tMOVE 5,[000400000000]\n\tJFFO 5,L3\n"
			       "\tHALT .\nL3:\tSETZ 7,\n\tSETO 10,\n\tJFFO 7,L4\n\tMOVEI 11,1\n"
			       "\tJSP 17,.+1\n\tHALT .\nL4:\tHALT .\n");
	H_EQ(c->mem[2], 043);          /* 35 leading zeros */
	H_EQ(c->mem[4], 0);
	H_EQ(c->mem[6], 011);          /* 2^26: 9 leading zeros */
	H_EQ(c->mem[010], 0);          /* zero: AC+1 := 0, no jump */
	H_EQ(c->mem[011], 1);
	H_EQ(FL(c), 0);
	cpu_free(c);
}

Test(shift, jffo_ac17_wraps_to_ac0)
{
	struct cpu *c = h_snip("\tMOVEI 17,10\n\tJFFO 17,.+2\n\tHALT .\n");
	H_EQ(c->mem[0], 040);          /* AC+1 of 17 is 0 */
	cpu_free(c);
}
