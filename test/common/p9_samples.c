/* Sample 9P messages; see p9_samples.h. */
#include "p9_samples.h"

#include <string.h>

static const uint8_t payload[300] = { 1, 2, 3, 0, 0xff, 'x' };

static struct p9_stat sample_stat(void)
{
	return (struct p9_stat){
		.type = 0x1234, .dev = 0xdeadbeef,
		.qid = { P9_QTFILE, 7, 0x0102030405060708ull },
		.mode = 0644, .atime = 1700000000, .mtime = 1700000001, .length = 5000000000ull,
		.name = p9_str("motd"), .uid = p9_str("glenda"), .gid = p9_str("sys"),
		.muid = p9_str(""),
	};
}

#define N_SAMPLES 36

size_t p9_sample_count(void)
{
	return N_SAMPLES;
}

void p9_sample(size_t i, struct p9_msg *m)
{
	memset(m, 0, sizeof *m);
	m->tag = (uint16_t)(i * 257 + 1);
	struct p9_qid dq = { P9_QTDIR, 3, 42 };
	switch (i) {
	case 0: *m = (struct p9_msg){ .type = P9_TVERSION, .tag = P9_NOTAG, .msize = 8192,
				      .version = p9_str("9P2000") }; break;
	case 1: *m = (struct p9_msg){ .type = P9_RVERSION, .tag = P9_NOTAG, .msize = 4096,
				      .version = p9_str("9P2000") }; break;
	case 2: m->type = P9_TAUTH; m->afid = 9; m->uname = p9_str("glenda"); m->aname = p9_str(""); break;
	case 3: m->type = P9_RAUTH; m->qid = (struct p9_qid){ P9_QTAUTH, 0, 1 }; break;
	case 4: m->type = P9_TATTACH; m->fid = 1; m->afid = P9_NOFID; m->uname = p9_str("glenda");
		m->aname = p9_str("main"); break;
	case 5: m->type = P9_RATTACH; m->qid = dq; break;
	case 6: m->type = P9_RERROR; m->ename = p9_str("file does not exist"); break;
	case 7: m->type = P9_TFLUSH; m->oldtag = 77; break;
	case 8: m->type = P9_RFLUSH; break;
	case 9: m->type = P9_TWALK; m->fid = 1; m->newfid = 2; m->nwname = 0; break;
	case 10: m->type = P9_TWALK; m->fid = 1; m->newfid = 1; m->nwname = 3;
		m->wname[0] = p9_str("usr"); m->wname[1] = p9_str(".."); m->wname[2] = p9_str("lib");
		break;
	case 11: m->type = P9_TWALK; m->fid = 5; m->newfid = 6; m->nwname = P9_MAXWELEM;
		for (int k = 0; k < (int)P9_MAXWELEM; k++)
			m->wname[k] = p9_str(k % 2 ? "b" : "a.b");
		break;
	case 12: m->type = P9_RWALK; m->nwqid = 0; break;
	case 13: m->type = P9_RWALK; m->nwqid = P9_MAXWELEM;
		for (int k = 0; k < (int)P9_MAXWELEM; k++)
			m->wqid[k] = (struct p9_qid){ (uint8_t)(k ? P9_QTFILE : P9_QTDIR), (uint32_t)k,
						      (uint64_t)k << 40 | 5 };
		break;
	case 14: m->type = P9_TOPEN; m->fid = 3; m->mode = P9_ORDWR | P9_OTRUNC; break;
	case 15: m->type = P9_ROPEN; m->qid = dq; m->iounit = 8168; break;
	case 16: m->type = P9_TCREATE; m->fid = 3; m->name = p9_str("new file");
		m->perm = P9_DMDIR | 0755; m->mode = P9_OREAD; break;
	case 17: m->type = P9_RCREATE; m->qid = dq; m->iounit = 0; break;
	case 18: m->type = P9_TREAD; m->fid = 4; m->offset = 0x123456789ull; m->count = 4000; break;
	case 19: m->type = P9_RREAD; m->count = 0; m->data = NULL; break;
	case 20: m->type = P9_RREAD; m->count = sizeof payload; m->data = payload; break;
	case 21: m->type = P9_TWRITE; m->fid = 4; m->offset = 10; m->count = 6; m->data = payload; break;
	case 22: m->type = P9_TWRITE; m->fid = 4; m->offset = 0; m->count = 0; break;
	case 23: m->type = P9_RWRITE; m->count = 6; break;
	case 24: m->type = P9_TCLUNK; m->fid = 4; break;
	case 25: m->type = P9_RCLUNK; break;
	case 26: m->type = P9_TREMOVE; m->fid = 8; break;
	case 27: m->type = P9_RREMOVE; break;
	case 28: m->type = P9_TSTAT; m->fid = 2; break;
	case 29: m->type = P9_RSTAT; m->stat = sample_stat(); break;
	case 30: m->type = P9_TWSTAT; m->fid = 2; m->stat = sample_stat(); break;
	case 31: m->type = P9_RWSTAT; break;
	case 32: /* a wstat that changes nothing: all-ones numbers, empty strings */
		m->type = P9_TWSTAT; m->fid = 2;
		m->stat = (struct p9_stat){ 0xffff, 0xffffffffu, { 0xff, 0xffffffffu, ~0ull },
					    0xffffffffu, 0xffffffffu, 0xffffffffu, ~0ull,
					    p9_str(""), p9_str(""), p9_str(""), p9_str("") };
		break;
	case 33: m->type = P9_TVERSION; m->tag = P9_NOTAG; m->msize = 0xffffffffu;
		m->version = p9_str("9P2000.L"); break;
	case 34: m->type = P9_RERROR; m->ename = p9_str(""); break;
	default: m->type = P9_TATTACH; m->fid = 0; m->afid = P9_NOFID; m->uname = p9_str("");
		m->aname = p9_str(""); break;
	}
}
