/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "tree.h"

#include <dirent.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

char *tree_read(const char *path)
{
	FILE *file = fopen(path, "r");
	char *text = NULL;
	long size;

	if (!file)
		return NULL;
	if (fseek(file, 0, SEEK_END) == 0 && (size = ftell(file)) >= 0 &&
	    fseek(file, 0, SEEK_SET) == 0 && (text = malloc((size_t)size + 1))) {
		size_t got = fread(text, 1, (size_t)size, file);

		text[got] = '\0';
	}
	fclose(file);
	return text;
}

static bool tree_ends_in(const char *name, const char *const *endings)
{
	size_t length = strlen(name);

	for (size_t i = 0; endings[i]; i++) {
		size_t ending = strlen(endings[i]);

		if (length >= ending && strcmp(name + length - ending, endings[i]) == 0)
			return true;
	}
	return false;
}

size_t tree_walk(const char *dir, const char *const *endings, bool recurse,
		 void (*visit)(const char *path, void *arg), void *arg)
{
	DIR *stream = opendir(dir);
	struct dirent *entry;
	size_t files = 0;

	if (!stream)
		return 0;
	while ((entry = readdir(stream))) {
		char path[1024];
		struct stat st;

		if (entry->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, entry->d_name);
		if (stat(path, &st) < 0)
			continue;
		if (S_ISDIR(st.st_mode)) {
			if (recurse)
				files += tree_walk(path, endings, recurse, visit, arg);
		} else if (tree_ends_in(entry->d_name, endings)) {
			visit(path, arg);
			files++;
		}
	}
	closedir(stream);
	return files;
}

bool tree_has_line(const char *text, const char *line)
{
	size_t length = strlen(line);

	for (const char *at = strstr(text, line); at; at = strstr(at + 1, line))
		if ((at == text || at[-1] == '\n') && (at[length] == '\n' || !at[length]))
			return true;
	return false;
}

static int tree_remove_one(const char *path, const struct stat *stat, int type,
			   struct FTW *walk)
{
	(void)stat;
	(void)type;
	(void)walk;
	remove(path);
	return 0;
}

void tree_remove(const char *path)
{
	nftw(path, tree_remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* The folders tree_temporary made, removed when the test run ends. */
#define TREE_TEMPORARIES 256
static char *tree_temporaries[TREE_TEMPORARIES];
static size_t tree_temporary_count;
static pid_t tree_temporaries_owner;

static void tree_remove_temporaries(void)
{
	/* a forked child that calls exit() runs this too: only the process
	 * that made the folders removes them */
	if (getpid() != tree_temporaries_owner)
		return;
	for (size_t i = 0; i < tree_temporary_count; i++) {
		tree_remove(tree_temporaries[i]);
		free(tree_temporaries[i]);
	}
	tree_temporary_count = 0;
}

char *tree_temporary(char *template)
{
	if (!mkdtemp(template))
		return NULL;
	if (!tree_temporaries_owner) {
		tree_temporaries_owner = getpid();
		atexit(tree_remove_temporaries);
	}
	if (getpid() == tree_temporaries_owner && tree_temporary_count < TREE_TEMPORARIES)
		tree_temporaries[tree_temporary_count++] = strdup(template);
	return template;
}
