/* SPDX-License-Identifier: GPL-2.0-or-later */
/* cells[].spikes: each wakeup over --trace-over, its parts and culprit. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "result-fields.h"

static json_t *spikes_object(const void *base, const struct tl_json_field *fields,
			     size_t count, int *err)
{
	json_t *object = json_object();

	if (!object || tl_json_write_fields(object, base, fields, count) < 0) {
		json_decref(object);
		*err = -ENOMEM;
		return NULL;
	}
	return object;
}

static json_t *spikes_one(const struct tl_spike *spike, int *err)
{
	json_t *object = spikes_object(spike, tl_result_spike_fields,
				       tl_result_spike_fields_count, err);
	json_t *parts = json_array();

	for (size_t i = 0; object && parts && i < spike->part_count; i++) {
		json_t *part =
			spikes_object(&spike->parts[i], tl_result_spike_part_fields,
				      tl_result_spike_part_fields_count, err);

		if (!part || json_array_append_new(parts, part) < 0)
			*err = -ENOMEM;
	}
	if (!object || !parts || json_object_set_new(object, "parts", parts) < 0) {
		*err = -ENOMEM;
		json_decref(object);
		return NULL;
	}
	return object;
}

json_t *tl_result_spikes_json(const struct tl_cell_result *cell, int *err)
{
	json_t *spikes = json_array();

	for (size_t i = 0; spikes && i < cell->spike_count; i++) {
		json_t *spike = spikes_one(&cell->spikes[i], err);

		if (!spike || json_array_append_new(spikes, spike) < 0)
			*err = -ENOMEM;
	}
	if (!spikes)
		*err = -ENOMEM;
	return spikes;
}

static int spikes_load_parts(const json_t *parts, struct tl_spike *spike,
			     const char *where, char *why, size_t why_size)
{
	if (!json_is_array(parts)) {
		snprintf(why, why_size, "%s.parts: %s", where,
			 parts ? "must be an array" : "is missing");
		return -EINVAL;
	}
	spike->parts = calloc(json_array_size(parts) + 1, sizeof(*spike->parts));
	if (!spike->parts)
		return -ENOMEM;
	for (size_t i = 0; i < json_array_size(parts); i++) {
		struct tl_spike_part *part = &spike->parts[i];
		const json_t *object = json_array_get(parts, i);
		char part_where[96];

		part->pid = part->irq = -1;
		snprintf(part_where, sizeof(part_where), "%s.parts[%zu]", where, i);
		if (!json_is_object(object)) {
			snprintf(why, why_size, "%s: must be an object", part_where);
			return -EINVAL;
		}
		if (tl_json_read_fields(object, part, tl_result_spike_part_fields,
					tl_result_spike_part_fields_count, part_where,
					why, why_size) < 0)
			return -EINVAL;
		spike->part_count++;
	}
	return 0;
}

int tl_result_spikes_load(const json_t *object, struct tl_cell_result *cell,
			  const char *where, char *why, size_t why_size)
{
	const json_t *spikes = json_object_get(object, "spikes");
	int err = 0;

	if (!spikes)
		return 0; /* untraced, or written before spikes were */
	if (!json_is_array(spikes)) {
		snprintf(why, why_size, "%s.spikes: must be an array", where);
		return -EINVAL;
	}
	for (size_t i = 0; !err && i < json_array_size(spikes); i++) {
		const json_t *item = json_array_get(spikes, i);
		struct tl_spike spike = { .expiry_ns = -1, .next_latency_ns = -1 };
		char spike_where[64];

		snprintf(spike_where, sizeof(spike_where), "%s.spikes[%zu]", where, i);
		if (!json_is_object(item)) {
			snprintf(why, why_size, "%s: must be an object", spike_where);
			return -EINVAL;
		}
		err = tl_json_read_fields(item, &spike, tl_result_spike_fields,
					  tl_result_spike_fields_count, spike_where, why,
					  why_size);
		if (!err)
			err = spikes_load_parts(json_object_get(item, "parts"), &spike,
						spike_where, why, why_size);
		if (!err)
			err = tl_cell_result_add_spike(cell, &spike);
		tl_spike_free(&spike);
	}
	return err;
}
