/*
 * The request engine (zval-free): jobs started through curl multi (or the lean path for a single GET/HEAD),
 * retries with backoff and jitter, server holds (Retry-After, X-Rate-Limit-*), the client-side rate limiter,
 * re-login on 401, and the final outcome of each request.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include "erpsync_http_internal.h"

static void sleep_s(double s)
{
	struct timespec ts;
	if (s <= 0) {
		return;
	}
	ts.tv_sec = (time_t) s;
	ts.tv_nsec = (long) ((s - (double) ts.tv_sec) * 1e9);
	while (nanosleep(&ts, &ts) == -1 && errno == EINTR) {
	}
}


/* ---------------------------------------------------------------------- rate limiter */

/* 0 when a request may start now (a token is taken), else seconds to wait. */
static double limiter_take(erpsync_http_client *c, double now)
{
	double dt = now - c->bucket_last, wait = 0;
	if (c->hold_until > now) {
		return c->hold_until - now;
	}
	if (c->rate_per_second <= 0 && c->rate_per_minute <= 0) {
		return 0;
	}
	c->bucket_last = now;
	if (c->rate_per_second > 0) {
		double cap = c->rate_per_second < 1 ? 1 : c->rate_per_second;
		c->bucket_s += dt * c->rate_per_second;
		if (c->bucket_s > cap) {
			c->bucket_s = cap;
		}
		if (c->bucket_s < 1) {
			wait = (1 - c->bucket_s) / c->rate_per_second;
		}
	}
	if (c->rate_per_minute > 0) {
		double cap = c->rate_per_minute < 1 ? 1 : c->rate_per_minute;
		double rps = c->rate_per_minute / 60.0;
		c->bucket_m += dt * rps;
		if (c->bucket_m > cap) {
			c->bucket_m = cap;
		}
		if (c->bucket_m < 1) {
			double w = (1 - c->bucket_m) / rps;
			wait = w > wait ? w : wait;
		}
	}
	if (wait > 0) {
		return wait + 0.0005;
	}
	if (c->rate_per_second > 0) {
		c->bucket_s -= 1;
	}
	if (c->rate_per_minute > 0) {
		c->bucket_m -= 1;
	}
	return 0;
}
/* ---------------------------------------------------------------------------- engine */

enum { JOB_WAIT = 0, JOB_RUN, JOB_DONE };

typedef struct {
	const erpsync_http_request *req;
	erpsync_http_response *res;
	erpsync_error *err;
	char *url;
	int state;
	int attempt;
	bool relogged;
	double first_start;
	double next_time;
	double total_delay;
	double attempt_start;
	CURL *easy;
	struct curl_slist *hdrs;
	erpsync_http_xfer x;
	char errbuf[CURL_ERROR_SIZE];
} job;

static void job_release(erpsync_http_client *c, job *j)
{
	if (j->easy) {
		curl_multi_remove_handle(c->multi, j->easy);
		erpsync_http_easy_put(c, j->easy);
		j->easy = NULL;
	}
	curl_slist_free_all(j->hdrs);
	j->hdrs = NULL;
}

static void job_finish(erpsync_http_client *c, job *j, double now)
{
	job_release(c, j);
	j->res->duration = now - j->first_start;
	j->res->attempts = j->attempt;
	j->state = JOB_DONE;
	free(j->url);
	j->url = NULL;
	erpsync_buf_free(&j->x.body);
	erpsync_buf_free(&j->x.headers);
}

static int job_start(erpsync_http_client *c, job *j, double now)
{
	const erpsync_http_request *r = j->req;
	if (erpsync_http_ensure_token(c, j->err) != 0) {
		j->attempt++;
		if (j->attempt == 1) {
			j->first_start = now;
		}
		job_finish(c, j, erpsync_http_now_mono());
		return -1;
	}
	j->attempt++;
	if (j->attempt == 1) {
		j->first_start = now;
	}
	erpsync_buf_free(&j->x.body);
	erpsync_buf_free(&j->x.headers);
	j->x.too_big = false;
	j->hdrs = erpsync_http_build_headers(c, r->headers, r->header_count, r->body != NULL, r->content_type);
	j->easy = erpsync_http_easy_get(c);
	if (!j->easy) {
		erpsync_error_set(j->err, ERPSYNC_E_GENERIC, "libcurl could not create a transfer handle");
		job_finish(c, j, now);
		return -1;
	}
	erpsync_http_setup_easy(c, j->easy, r->method ? r->method : "GET", j->url, j->hdrs, r->body, r->body_len, r->timeout_ms,
		&j->x, j->errbuf);
	curl_easy_setopt(j->easy, CURLOPT_PRIVATE, j);
	/* A request that must not be repeated never rides on a reused connection: libcurl silently sends a
	 * request again when a reused connection dies before the first byte of the reply, and for a POST the
	 * back-office may already have processed (a "lost reply") that would be a second order. */
	curl_easy_setopt(j->easy, CURLOPT_FRESH_CONNECT, erpsync_http_method_idempotent(r->method ? r->method : "GET", r->idempotent) ? 0L : 1L);
	j->attempt_start = erpsync_http_now_mono();
	if (curl_multi_add_handle(c->multi, j->easy) != CURLM_OK) {
		erpsync_error_set(j->err, ERPSYNC_E_GENERIC, "libcurl could not start the transfer");
		erpsync_http_easy_put(c, j->easy);
		j->easy = NULL;
		job_finish(c, j, now);
		return -1;
	}
	j->state = JOB_RUN;
	return 0;
}

static double backoff(erpsync_http_client *c, int attempt)
{
	double d = (double) c->base_delay_ms / 1000.0;
	int i;
	for (i = 1; i < attempt && d < 1e6; i++) {
		d *= 2;
	}
	if (d > (double) c->max_delay_ms / 1000.0) {
		d = (double) c->max_delay_ms / 1000.0;
	}
	/* jitter: 50%..100% of the step (xorshift per client, so processes do not retry in step) */
	c->rng ^= c->rng << 13;
	c->rng ^= c->rng >> 7;
	c->rng ^= c->rng << 17;
	return d * (0.5 + 0.5 * ((double) (c->rng >> 11) / 9007199254740992.0));
}

static void job_outcome(erpsync_http_client *c, job *j, CURLcode rc, const erpsync_http_lean_info *in);

/* a libcurl transfer ended: what it says, then the outcome */
static void job_done_transfer(erpsync_http_client *c, job *j, CURLcode rc)
{
	erpsync_http_lean_info in;
	memset(&in, 0, sizeof(in));
	curl_easy_getinfo(j->easy, CURLINFO_RESPONSE_CODE, &in.status);
	curl_easy_getinfo(j->easy, CURLINFO_CONNECT_TIME, &in.connect_time);
	curl_easy_getinfo(j->easy, CURLINFO_NUM_CONNECTS, &in.new_connects);
	if (rc != CURLE_OK) {
		curl_easy_getinfo(j->easy, CURLINFO_OS_ERRNO, &in.os_errno);
	}
	in.too_big = j->x.too_big;
	job_outcome(c, j, rc, &in);
}

/* A single GET/HEAD on the lean path (erpsync_http_lean.c), at once: false when it does not fit (the job then
 * goes through libcurl), true when it ran and its outcome is handled like a transfer's. */
static bool job_lean(erpsync_http_client *c, job *j, double now)
{
	const erpsync_http_request *r = j->req;
	const char *method = r->method ? r->method : "GET";
	erpsync_http_lean_info in;
	CURLcode rc;
	if ((strcasecmp(method, "GET") != 0 && strcasecmp(method, "HEAD") != 0) || r->body) {
		return false;
	}
	if (erpsync_http_ensure_token(c, j->err) != 0) {
		j->attempt++;
		if (j->attempt == 1) {
			j->first_start = now;
		}
		job_finish(c, j, erpsync_http_now_mono());
		return true;
	}
	erpsync_buf_free(&j->x.body);
	erpsync_buf_free(&j->x.headers);
	j->hdrs = erpsync_http_build_headers(c, r->headers, r->header_count, false, r->content_type);
	j->attempt_start = erpsync_http_now_mono();
	rc = erpsync_http_lean_exchange(c, method, j->url, j->hdrs, r->timeout_ms, &j->x.body, &j->x.headers, &in, j->errbuf);
	if (rc == CURLE_NOT_BUILT_IN) {
		curl_slist_free_all(j->hdrs);
		j->hdrs = NULL;
		return false;
	}
	j->attempt++;
	if (j->attempt == 1) {
		j->first_start = now;
	}
	j->x.too_big = in.too_big;
	job_outcome(c, j, rc, &in);
	return true;
}

/* A 401 of a login client, the first time for this job: the token is dropped and the job goes again at once (a new
 * login first); the attempt is logged as retried and not counted against max_attempts. */
static void job_relogin(erpsync_http_client *c, job *j, const char *method, long status, double dur, double now)
{
	const erpsync_http_request *r = j->req;
	erpsync_error aerr;
	char *ru;
	erpsync_error_clear(&aerr);
	j->relogged = true;
	erpsync_http_drop_token(c);
	ru = erpsync_http_redact_url_str(c, j->url);
	erpsync_http_status_error(c, &aerr, method, ru, status, j->x.body.p, j->x.body.len);
	free(ru);
	erpsync_http_emit_log(c, method, j->url, status, dur, j->attempt, j->hdrs, r->body, r->body_len,
		j->x.body.p, j->x.body.len, &j->x.headers, &aerr, true);
	job_release(c, j);
	j->attempt--; /* the re-login retry is not counted against max_attempts */
	j->state = JOB_WAIT;
	j->next_time = now;
}

/* The transfer failed (no reply): the error in aerr; true when it may be retried — a retryable transport error for
 * an idempotent request, or a refused connection (it never carried the request: safe for any method). */
static bool transport_verdict(erpsync_http_client *c, job *j, CURLcode rc, const erpsync_http_lean_info *in,
                              erpsync_error *aerr)
{
	const erpsync_http_request *r = j->req;
	long tmo = r->timeout_ms > 0 ? r->timeout_ms : c->timeout_ms;
	erpsync_http_transport_error(aerr, rc, j->url, j->errbuf, tmo, in->connect_time, c, j->x.too_big, in->os_errno);
	if (aerr->code == ERPSYNC_E_TRANSPORT && aerr->retryable) {
		return erpsync_http_method_idempotent(r->method ? r->method : "GET", r->idempotent) || strcmp(aerr->kind, "connect") == 0;
	}
	return false;
}

/* A reply came: the server's wait in *sw (a 2xx with no requests left holds the client until the reset), the
 * error in aerr for a status outside 2xx (RateLimited for 429); true when it may be retried (429, 502, 503, 504
 * of an idempotent request). */
static bool reply_verdict(erpsync_http_client *c, job *j, long status, double now, double *sw, erpsync_error *aerr)
{
	const erpsync_http_request *r = j->req;
	const char *method = r->method ? r->method : "GET";
	bool retry = false;
	char *ru;
	*sw = erpsync_http_server_wait(j->x.headers.p, j->x.headers.len, status == 429);
	if (*sw > 0 && status >= 200 && status < 300) {
		/* remaining 0: hold the next requests of this client until the reset */
		if (now + *sw > c->hold_until) {
			c->hold_until = now + *sw;
		}
	}
	if (status >= 200 && status < 300) {
		return false; /* success */
	}
	ru = erpsync_http_redact_url_str(c, j->url);
	erpsync_http_status_error(c, aerr, method, ru, status, j->x.body.p, j->x.body.len);
	free(ru);
	if (erpsync_http_status_retry_auto(status) && erpsync_http_method_idempotent(method, r->idempotent)) {
		retry = true;
	}
	if (status == 429) {
		aerr->code = ERPSYNC_E_RATE_LIMITED;
		aerr->retry_after = *sw >= 0 ? *sw : backoff(c, j->attempt);
	}
	if (r->accept_any_status) {
		retry = retry && erpsync_http_status_retry_auto(status);
	}
	return retry;
}

/* A retry the job may still make: attempts left and the wait (the server's, else backoff) within
 * max_total_delay_ms; the wait in *delay. */
static bool retry_allowed(erpsync_http_client *c, job *j, bool retry, double sw, double *delay)
{
	if (!retry || j->attempt >= c->max_attempts) {
		return false;
	}
	*delay = sw >= 0 ? sw : backoff(c, j->attempt);
	return !(j->total_delay + *delay > (double) c->max_total_delay_ms / 1000.0);
}

/* The job waits `delay` seconds for its next attempt; a 429/503 with a server wait holds the client's other
 * requests as well. */
static void job_retry_later(erpsync_http_client *c, job *j, long status, double sw, double delay, double now)
{
	job_release(c, j);
	j->total_delay += delay;
	j->next_time = now + delay;
	if (status == 429 || status == 503) {
		/* the server is overloaded: hold the client's other requests as well */
		if (sw > 0 && j->next_time > c->hold_until) {
			c->hold_until = j->next_time;
		}
	}
	j->state = JOB_WAIT;
}

/* The final outcome: the reply (status, body, headers) moves to the response, the error (unless the caller accepts
 * any status of a reply) to the job's error — a rate limit says after how many attempts and how long to wait. */
static void job_store_final(erpsync_http_client *c, job *j, CURLcode rc, long status, erpsync_error *aerr, double now)
{
	j->res->status = status;
	if (rc == CURLE_OK) {
		j->res->body = j->x.body.p ? j->x.body.p : strdup("");
		j->res->body_len = j->x.body.len;
		j->res->headers = j->x.headers.p ? j->x.headers.p : strdup("");
		j->res->headers_len = j->x.headers.len;
		memset(&j->x.body, 0, sizeof(j->x.body));
		memset(&j->x.headers, 0, sizeof(j->x.headers));
		if (!j->res->body || !j->res->headers) {
			erpsync_http_response_dtor(j->res);
			erpsync_error_set(j->err, ERPSYNC_E_GENERIC, "Out of memory storing the reply");
			job_finish(c, j, now);
			return;
		}
	}
	if (erpsync_error_isset(aerr) && !(rc == CURLE_OK && j->req->accept_any_status)) {
		if (aerr->code == ERPSYNC_E_RATE_LIMITED) {
			char m[ERPSYNC_ERR_MSG_LEN];
			snprintf(m, sizeof(m), "%.900s: rate limited after %d attempt%s, wait %.0f s before trying again", aerr->message,
				j->attempt, j->attempt == 1 ? "" : "s", ceil(aerr->retry_after));
			memcpy(aerr->message, m, sizeof(m));
		}
		*j->err = *aerr;
	}
	job_finish(c, j, now);
}

/* One attempt ended (libcurl's transfer or the lean path): re-login, retry later, or the final outcome. */
static void job_outcome(erpsync_http_client *c, job *j, CURLcode rc, const erpsync_http_lean_info *in)
{
	const erpsync_http_request *r = j->req;
	const char *method = r->method ? r->method : "GET";
	double now = erpsync_http_now_mono(), dur = now - j->attempt_start;
	long status = in->status;
	bool retry;
	double delay = 0, sw = -1;
	erpsync_error aerr;

	erpsync_error_clear(&aerr);
	c->connects += in->new_connects;
	if (rc == CURLE_OK && status == 401 && c->auth_type == ERPSYNC_HTTP_AUTH_LOGIN && !j->relogged) {
		job_relogin(c, j, method, status, dur, now);
		return;
	}
	if (rc != CURLE_OK) {
		status = 0;
		retry = transport_verdict(c, j, rc, in, &aerr);
	} else {
		retry = reply_verdict(c, j, status, now, &sw, &aerr);
	}
	retry = retry_allowed(c, j, retry, sw, &delay);
	erpsync_http_emit_log(c, method, j->url, status, dur, j->attempt, j->hdrs, r->body, r->body_len,
		j->x.body.p, j->x.body.len, &j->x.headers, &aerr, retry);
	if (retry) {
		job_retry_later(c, j, status, sw, delay, now);
		return;
	}
	job_store_final(c, j, rc, status, &aerr, now);
}
static bool hold_exceeds(erpsync_http_client *c, job *j, double now)
{
	double hold = c->hold_until - now;
	double allowed = (double) c->max_total_delay_ms / 1000.0 - j->total_delay;
	const char *method = j->req->method ? j->req->method : "GET";
	char *ru;
	const char *path;
	if (hold <= allowed) {
		return false;
	}
	ru = erpsync_http_redact_url_str(c, j->url);
	path = ru ? strstr(ru, "://") : NULL;
	path = path ? strchr(path + 3, '/') : NULL;
	erpsync_error_set(j->err, ERPSYNC_E_RATE_LIMITED,
		"%s %.300s: not sent, the server asked for no requests for %.0f s (Retry-After / X-Rate-Limit-Reset), longer than this request may wait (max_total_delay_ms %ld); wait %.0f s before trying again",
		method, path ? path : "/", ceil(hold), c->max_total_delay_ms, ceil(hold));
	j->err->retry_after = ceil(hold);
	j->err->retryable = true;
	free(ru);
	if (j->attempt == 0) {
		j->first_start = now;
	}
	job_finish(c, j, now);
	return true;
}

/* A job per request, its URL built (a refused one ends the job at once, counted in *done). NULL when out of memory. */
static job *jobs_new(erpsync_http_client *c, const erpsync_http_request *reqs, size_t n, erpsync_http_response *res,
                     erpsync_error *err, size_t *done)
{
	job *jobs = calloc(n ? n : 1, sizeof(job));
	size_t i;
	if (!jobs) {
		return NULL;
	}
	for (i = 0; i < n; i++) {
		memset(&res[i], 0, sizeof(res[i]));
		erpsync_error_clear(&err[i]);
		jobs[i].req = &reqs[i];
		jobs[i].res = &res[i];
		jobs[i].err = &err[i];
		jobs[i].url = erpsync_http_build_url(c, reqs[i].path, reqs[i].query, reqs[i].query_count, "path", &err[i]);
		jobs[i].state = jobs[i].url ? JOB_WAIT : JOB_DONE;
		if (!jobs[i].url) {
			(*done)++;
		}
	}
	return jobs;
}

/* Starts the waiting jobs that are due, in input order, while slots are free and the limiter gives tokens (a
 * single GET/HEAD on the lean path runs to its outcome here). *wake: the earliest time a waiting job or the
 * limiter wants the loop back. Returns the time after the last start. */
static double jobs_start_due(erpsync_http_client *c, job *jobs, size_t n, size_t concurrency, size_t *running,
                             size_t *done, double now, double *wake)
{
	size_t i;
	for (i = 0; i < n && *running < concurrency; i++) {
		job *j = &jobs[i];
		double w;
		if (j->state != JOB_WAIT) {
			continue;
		}
		if (j->next_time > now) {
			if (j->next_time < *wake) {
				*wake = j->next_time;
			}
			continue;
		}
		if (c->hold_until > now && hold_exceeds(c, j, now)) {
			(*done)++;
			continue;
		}
		w = limiter_take(c, now);
		if (w > 0) {
			if (now + w < *wake) {
				*wake = now + w;
			}
			break; /* keep input order: later jobs wait for the same token */
		}
		if (n == 1 && c->lean && erpsync_http_lean_possible(c)) {
			j->x.too_big = false;
			if (job_lean(c, j, now)) {
				if (j->state == JOB_DONE) {
					(*done)++;
				}
				now = erpsync_http_now_mono();
				continue;
			}
		}
		if (job_start(c, j, now) == 0) {
			(*running)++;
		} else {
			(*done)++;
		}
		now = erpsync_http_now_mono();
	}
	return now;
}

/* Hands each ended libcurl transfer to its job's outcome; returns how many ended. */
static size_t jobs_collect_ended(erpsync_http_client *c, size_t *running, size_t *done)
{
	CURLMsg *msg;
	int left;
	size_t ended = 0;
	while ((msg = curl_multi_info_read(c->multi, &left))) {
		if (msg->msg == CURLMSG_DONE) {
			job *j = NULL;
			CURLcode rc = msg->data.result;
			curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, (char **) &j);
			(*running)--;
			ended++;
			job_done_transfer(c, j, rc);
			if (j->state == JOB_DONE) {
				(*done)++;
			}
		}
	}
	return ended;
}

size_t erpsync_http_execute_many(erpsync_http_client *c, const erpsync_http_request *reqs, size_t n,
                                 size_t concurrency, erpsync_http_response *res, erpsync_error *err)
{
	job *jobs;
	size_t i, done = 0, running = 0, failures = 0;

	if (concurrency < 1) {
		concurrency = 1;
	}
	if (c->busy) {
		/* called again from its own log hook while transfers are running */
		for (i = 0; i < n; i++) {
			memset(&res[i], 0, sizeof(res[i]));
			erpsync_error_set(&err[i], ERPSYNC_E_GENERIC, "This HTTP client is busy: it cannot be used from its own request log callback");
		}
		return n;
	}
	c->busy = true;
	jobs = jobs_new(c, reqs, n, res, err, &done);
	if (!jobs) {
		c->busy = false;
		for (i = 0; i < n; i++) {
			erpsync_error_set(&err[i], ERPSYNC_E_GENERIC, "Out of memory");
		}
		return n;
	}
	while (done < n) {
		double now = erpsync_http_now_mono(), wake = now + 1.0;
		int still = 0;
		size_t ended;

		now = jobs_start_due(c, jobs, n, concurrency, &running, &done, now, &wake);
		if (running == 0) {
			if (done < n && wake > now) {
				sleep_s(wake - now);
			}
			continue;
		}
		curl_multi_perform(c->multi, &still);
		ended = jobs_collect_ended(c, &running, &done);
		/* a transfer ended: refill its slot before waiting (the loop's top starts the next jobs) */
		if (done < n && running > 0 && ended == 0) {
			double t = (wake - erpsync_http_now_mono()) * 1000.0;
			int tmo = t < 1 ? 1 : (t > 1000 ? 1000 : (int) t);
			curl_multi_poll(c->multi, NULL, 0, tmo, NULL);
		}
	}
	for (i = 0; i < n; i++) {
		if (erpsync_error_isset(&err[i])) {
			failures++;
		}
		free(jobs[i].url);
	}
	free(jobs);
	c->busy = false;
	return failures;
}

int erpsync_http_execute(erpsync_http_client *c, const erpsync_http_request *req,
                         erpsync_http_response *res, erpsync_error *err)
{
	erpsync_error e;
	erpsync_error_clear(&e);
	erpsync_http_execute_many(c, req, 1, 1, res, &e);
	if (erpsync_error_isset(&e)) {
		*err = e;
		return -1;
	}
	return 0;
}
