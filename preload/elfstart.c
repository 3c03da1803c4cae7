#include "elfstart.h"
#include "fmt.h"

struct relocs {
	uint64_t addr, size, ent;
};

static int scan(const struct relocs *r, uint64_t symtab, uint64_t syment, uint64_t strtab,
		uint64_t strsz, const struct sf_elf_view *v)
{
	static const char want[] = "__libc_start_main";

	if (!r->size)
		return 0;
	/* Elf64_Rel and Elf64_Rela both keep r_info at offset 8. */
	if (r->ent < 16 || r->size % r->ent)
		return -1;
	for (uint64_t off = 0; off < r->size; off += r->ent) {
		const Elf64_Rel *rel = v->at(v->ctx, r->addr + off, 16);
		const Elf64_Sym *sym;
		const char *name;
		uint64_t idx;

		if (!rel)
			return -1;
		idx = ELF64_R_SYM(rel->r_info);
		if (!idx)
			continue;
		sym = v->at(v->ctx, symtab + idx * syment, sizeof(*sym));
		if (!sym)
			return -1;
		if (sym->st_shndx != SHN_UNDEF || sym->st_name >= strsz ||
		    strsz - sym->st_name < sizeof want)
			continue;
		name = v->at(v->ctx, strtab + sym->st_name, sizeof want);
		if (!name)
			return -1;
		if (sf_streq(name, want))
			return 1;
	}
	return 0;
}

int sf_elf_uses_start_main(const Elf64_Dyn *dyn, size_t ndyn, const struct sf_elf_view *v)
{
	struct relocs rela = {0, 0, sizeof(Elf64_Rela)}, rel = {0, 0, sizeof(Elf64_Rel)};
	struct relocs plt = {0, 0, 0};
	uint64_t symtab = 0, strtab = 0, strsz = 0, syment = sizeof(Elf64_Sym), pltrel = 0;
	int r;

	for (size_t i = 0; i < ndyn && dyn[i].d_tag != DT_NULL; i++) {
		uint64_t val = dyn[i].d_un.d_val;

		switch (dyn[i].d_tag) {
		case DT_SYMTAB:
			symtab = val;
			break;
		case DT_SYMENT:
			syment = val;
			break;
		case DT_STRTAB:
			strtab = val;
			break;
		case DT_STRSZ:
			strsz = val;
			break;
		case DT_RELA:
			rela.addr = val;
			break;
		case DT_RELASZ:
			rela.size = val;
			break;
		case DT_RELAENT:
			rela.ent = val;
			break;
		case DT_REL:
			rel.addr = val;
			break;
		case DT_RELSZ:
			rel.size = val;
			break;
		case DT_RELENT:
			rel.ent = val;
			break;
		case DT_JMPREL:
			plt.addr = val;
			break;
		case DT_PLTRELSZ:
			plt.size = val;
			break;
		case DT_PLTREL:
			pltrel = val;
			break;
		}
	}
	if (!symtab || !strtab || syment < sizeof(Elf64_Sym))
		return (rela.size || rel.size || plt.size) ? -1 : 0;
	plt.ent = pltrel == DT_REL ? sizeof(Elf64_Rel) : sizeof(Elf64_Rela);
	if ((r = scan(&rela, symtab, syment, strtab, strsz, v)) != 0)
		return r;
	if ((r = scan(&rel, symtab, syment, strtab, strsz, v)) != 0)
		return r;
	return scan(&plt, symtab, syment, strtab, strsz, v);
}
