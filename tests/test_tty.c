/* test_tty.c — device 120: output, CONI/CONO bits, output and input interrupts, input from a pipe. */
#define _POSIX_C_SOURCE 200809L
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "harness.h"

#define T_ODONE 010
#define T_OBUSY 020
#define T_IDONE 040
#define T_IBUSY 0100

/* Run a snippet with TTY output captured; *out gets the text (caller frees). */
static struct cpu *run_out(const char *body, char **out, int in_fd, uint64_t max)
{
	size_t len = 0;
	FILE *f = open_memstream(out, &len);
	cr_assert_not_null(f);
	struct h_opts o = { .tty_out = f, .tty_in_fd = in_fd, .has_tty_in = in_fd >= 0,
			    .max_insns = max };
	enum stop s;
	struct cpu *c = h_snip_opts(body, &o, &s);
	fclose(f);
	cr_expect_eq(s, STOP_HALT, "stop %d at %o", s, c->pc);
	return c;
}

/* A pipe holding text, its write end closed; returns the read end. */
static int pipe_with(const char *text)
{
	int p[2];
	cr_assert_eq(pipe(p), 0);
	size_t n = strlen(text);
	cr_assert_eq(write(p[1], text, n), (ssize_t)n);
	close(p[1]);
	return p[0];
}

Test(tty, datao_outputs_seven_bits)
{
	char *out = NULL;
	struct cpu *c = run_out("\tDATAO TTY,[\"H\"]\n\tMOVEI 1,20\n\tSOJG 1,.\n"
				"\tDATAO TTY,[400000,,301]\n", &out, -1, 0);
	cr_expect_str_eq(out, "HA");     /* 301 & 177 = 101 */
	free(out);
	cpu_free(c);
}

Test(tty, coni_busy_then_done)
{
	char *out = NULL;
	struct cpu *c = run_out("\tCONI TTY,1\n\tDATAO TTY,[\"X\"]\n\tCONI TTY,2\n\tMOVEI 5,20\n"
				"\tSOJG 5,.\n\tCONI TTY,3\n", &out, -1, 0);
	H_EQ(c->mem[1], 0);
	H_EQ(c->mem[2], T_OBUSY);
	H_EQ(c->mem[3], T_ODONE);
	free(out);
	cpu_free(c);
}

Test(tty, wait_loop_on_done)
{
	/* The classic output loop: CONSO TTY,10 / JRST .-1 between characters. */
	char *out = NULL;
	struct cpu *c = run_out("\tMOVE 2,[POINT 7,MSG]\nL:\tILDB 1,2\n\tJUMPE 1,DONE\n"
				"\tDATAO TTY,1\n\tCONSO TTY,10\n\tJRST .-1\n\tJRST L\nDONE:\tHALT .\n"
				"MSG:\tASCIZ /Hello, world/\n", &out, -1, 0);
	cr_expect_str_eq(out, "Hello, world");
	free(out);
	cpu_free(c);
}

Test(tty, cono_sets_and_clears_bits)
{
	char *out = NULL;
	struct cpu *c = run_out("\tCONO TTY,175\n\tCONI TTY,1\n\tCONO TTY,3615\n\tCONI TTY,2\n",
				&out, -1, 0);
	/* 175: set output done 10, busy 20, input done 40, busy 100, PIA 5 */
	H_EQ(c->mem[1], 0175);
	/* 3615: clear all four (200 400 1000 2000), then set output done 10 (clears first) */
	H_EQ(c->mem[2], T_ODONE | 5);
	free(out);
	cpu_free(c);
}

Test(tty, output_interrupt)
{
	/* PIA 3: the output-done interrupt sends the next character from the handler. */
	char *out = NULL;
	struct cpu *c = run_out(
		"\tMOVE 2,[POINT 7,MSG]\n\tCONO TTY,3\n\tCONO PI,2377\n\tILDB 1,2\n\tDATAO TTY,1\n"
		"\tSKIPN DONE\n\tJRST .-1\n\tHALT .\n"
		"H3:\t0\n\tILDB 1,2\n\tJUMPE 1,[CONO TTY,200\n\t\tSETOM DONE\n\t\tJEN @H3]\n"
		"\tDATAO TTY,1\n\tJEN @H3\nDONE:\t0\nMSG:\tASCIZ /abc/\n"
		"\tLOC 46\n\tJSR H3\n", &out, -1, 0);
	cr_expect_str_eq(out, "abc");
	free(out);
	cpu_free(c);
}

Test(tty, output_done_requests_until_cleared)
{
	/* Output done stays requesting: a handler that does not clear it is re-entered. */
	char *out = NULL;
	struct cpu *c = run_out(
		"\tCONO TTY,3\n\tCONO PI,2377\n\tDATAO TTY,[\"!\"]\n\tMOVEI 5,40\n\tSOJG 5,.\n\tHALT .\n"
		"H3:\t0\n\tAOS CNT\n\tMOVE 6,CNT\n\tCAIL 6,3\n\tCONO TTY,200+3\n\tJEN @H3\nCNT:\t0\n"
		"\tLOC 46\n\tJSR H3\n", &out, -1, 0);
	H_EQ(c->mem[6], 3);
	cr_expect_str_eq(out, "!");
	free(out);
	cpu_free(c);
}

Test(tty, blko_message_by_interrupt)
{
	/* BLKO TTY at 46: each output-done interrupt sends one word (not held); the
	 * count running out runs 47 (JSR, held). */
	char *out = NULL;
	struct cpu *c = run_out(
		"\tCONO TTY,3\n\tCONO PI,2377\n\tCONO TTY,10+3\n\tSKIPN DONE\n\tAOJA 7,.-1\n\tHALT .\n"
		"H3:\t0\n\tCONO TTY,200\n\tSETOM DONE\n\tJEN @H3\nDONE:\t0\n"
		"PTR:\tIOWD 3,BUF\nBUF:\t\"x\"\n\t\"y\"\n\t\"z\"\n"
		"\tLOC 46\n\tBLKO TTY,PTR\n\tJSR H3\n", &out, -1, 0);
	cr_expect_str_eq(out, "xyz");
	cr_expect(c->mem[7] > 4, "the program ran between the BLKOs (%llu)",
		  (unsigned long long)c->mem[7]);
	H_EQ(c->mem[01013], XWD(0, 01016));     /* PTR: count 0, BUF+2 */
	free(out);
	cpu_free(c);
}

Test(tty, input_from_pipe)
{
	char *out = NULL;
	int fd = pipe_with("ok");
	struct cpu *c = run_out("\tCONO TTY,0\n\tCONSO TTY,40\n\tJRST .-1\n\tCONI TTY,3\n\tDATAI TTY,1\n"
				"\tCONI TTY,4\n\tCONSO TTY,40\n\tJRST .-1\n\tDATAI TTY,2\n", &out, fd, 0);
	H_EQ(c->mem[1], 'o');
	H_EQ(c->mem[2], 'k');
	H_EQ(c->mem[3] & T_IDONE, T_IDONE);
	H_EQ(c->mem[4] & T_IDONE, 0);        /* DATAI clears input done */
	close(fd);
	free(out);
	cpu_free(c);
}

Test(tty, input_eof_never_done)
{
	char *out = NULL;
	int fd = pipe_with("");
	struct cpu *c = run_out("\tCONO TTY,0\n\tMOVEI 5,1000\n\tCONSZ TTY,40\n\tJRST GOT\n\tSOJG 5,.-2\n"
				"\tHALT .\nGOT:\tSETOM 6\n", &out, fd, 0);
	H_EQ(c->mem[6], 0);
	close(fd);
	free(out);
	cpu_free(c);
}

Test(tty, input_echo_by_interrupt)
{
	/* PIA 2: each input interrupt reads a character and echoes it (upper-cased). */
	char *out = NULL;
	int fd = pipe_with("abc.");
	struct cpu *c = run_out(
		"\tCONO TTY,2\n\tCONO PI,2377\n\tSKIPN DONE\n\tJRST .-1\n\tHALT .\n"
		"H2:\t0\n\tCONSO TTY,40\n\tJRST [CONO TTY,200+2\n\t\tJEN @H2]\n\tDATAI TTY,1\n"
		"\tCAIN 1,\".\"\n\tSETOM DONE\n\tSUBI 1,40\n\tDATAO TTY,1\n\tJEN @H2\nDONE:\t0\n"
		"\tLOC 44\n\tJSR H2\n", &out, fd, 0);
	cr_expect_str_eq(out, "ABC\016");    /* '.' - 40 = 016 */
	close(fd);
	free(out);
	cpu_free(c);
}

Test(tty, no_output_stream_still_counts)
{
	enum stop s;
	struct cpu *c = h_snip_opts("\tDATAO TTY,[\"A\"]\n\tCONI TTY,1\n", NULL, &s);
	H_EQ(c->mem[1], T_OBUSY);
	cr_expect_eq(c->tty.chars_out, 1u);
	cpu_free(c);
}
