/*
 * efi: the small part of the UEFI interface Ferrite's loader calls, written from the UEFI
 * specification (2.x, chapters 4 "EFI System Table", 7 "Services - Boot Services", 9 "Loaded
 * Image", 13 "Simple File System"). Table members the loader never calls are kept as opaque
 * pointers so every later member stays at its specified offset.
 *
 * Calling convention: on x86_64 UEFI uses the Microsoft x64 ABI. The x86_64 and aarch64 loaders
 * are compiled for a *-windows target, where that is already the default, and the riscv64 loader
 * uses the standard LP64 ABI that UEFI specifies there, so no per-function attribute is needed.
 */
#ifndef EFI_H
#define EFI_H

#include <stddef.h>
#include <stdint.h>

typedef uint64_t efi_status;
typedef void *efi_handle;
typedef uint16_t efi_char16;

#define EFI_SUCCESS 0
#define EFI_ERROR_BIT (1ull << 63)
#define EFI_LOAD_ERROR (EFI_ERROR_BIT | 1)
#define EFI_INVALID_PARAMETER (EFI_ERROR_BIT | 2)
#define EFI_UNSUPPORTED (EFI_ERROR_BIT | 3)
#define EFI_BUFFER_TOO_SMALL (EFI_ERROR_BIT | 5)
#define EFI_NOT_FOUND (EFI_ERROR_BIT | 14)

struct efi_guid {
	uint32_t a;
	uint16_t b, c;
	uint8_t d[8];
};

struct efi_table_header {
	uint64_t signature;
	uint32_t revision;
	uint32_t header_size;
	uint32_t crc32;
	uint32_t reserved;
};

struct efi_text_output {
	void *reset;
	efi_status (*output_string)(struct efi_text_output *self, const efi_char16 *s);
	/* test_string, query_mode, ... are never called */
};

enum efi_allocate_type { EFI_ALLOCATE_ANY_PAGES, EFI_ALLOCATE_MAX_ADDRESS, EFI_ALLOCATE_ADDRESS };

enum efi_memory_type {
	EFI_RESERVED_MEMORY,
	EFI_LOADER_CODE,
	EFI_LOADER_DATA,
	EFI_BOOT_SERVICES_CODE,
	EFI_BOOT_SERVICES_DATA,
	EFI_RUNTIME_SERVICES_CODE,
	EFI_RUNTIME_SERVICES_DATA,
	EFI_CONVENTIONAL_MEMORY,
};

struct efi_boot_services {
	struct efi_table_header hdr;
	void *raise_tpl, *restore_tpl;
	efi_status (*allocate_pages)(enum efi_allocate_type type, enum efi_memory_type mem,
				     uint64_t pages, uint64_t *phys);
	efi_status (*free_pages)(uint64_t phys, uint64_t pages);
	efi_status (*get_memory_map)(uint64_t *map_size, void *map, uint64_t *map_key,
				     uint64_t *desc_size, uint32_t *desc_version);
	efi_status (*allocate_pool)(enum efi_memory_type mem, uint64_t size, void **buf);
	efi_status (*free_pool)(void *buf);
	void *create_event, *set_timer, *wait_for_event, *signal_event, *close_event, *check_event;
	void *install_protocol_interface, *reinstall_protocol_interface;
	void *uninstall_protocol_interface;
	efi_status (*handle_protocol)(efi_handle h, const struct efi_guid *proto, void **iface);
	void *reserved;
	void *register_protocol_notify, *locate_handle, *locate_device_path;
	void *install_configuration_table;
	void *load_image, *start_image, *exit, *unload_image;
	efi_status (*exit_boot_services)(efi_handle image, uint64_t map_key);
	void *get_next_monotonic_count, *stall, *set_watchdog_timer;
	void *connect_controller, *disconnect_controller;
	void *open_protocol, *close_protocol, *open_protocol_information;
	void *protocols_per_handle, *locate_handle_buffer;
	efi_status (*locate_protocol)(const struct efi_guid *proto, void *registration, void **iface);
	/* install_multiple_protocol_interfaces and later members are never called */
};

struct efi_configuration_table {
	struct efi_guid guid;
	void *table;
};

struct efi_system_table {
	struct efi_table_header hdr;
	efi_char16 *firmware_vendor;
	uint32_t firmware_revision;
	efi_handle console_in_handle;
	void *con_in;
	efi_handle console_out_handle;
	struct efi_text_output *con_out;
	efi_handle standard_error_handle;
	struct efi_text_output *std_err;
	void *runtime_services;
	struct efi_boot_services *boot_services;
	uint64_t n_config; /* UINTN: every UEFI target here is 64-bit */
	struct efi_configuration_table *config;
};

struct efi_loaded_image {
	uint32_t revision;
	efi_handle parent;
	struct efi_system_table *system_table;
	efi_handle device; /* the volume the image was loaded from */
	void *file_path;
	void *reserved;
	uint32_t load_options_size; /* bytes */
	void *load_options;
	void *image_base;
	uint64_t image_size;
	enum efi_memory_type code_type, data_type;
	void *unload;
};

struct efi_file {
	uint64_t revision;
	efi_status (*open)(struct efi_file *self, struct efi_file **out, const efi_char16 *name,
			   uint64_t mode, uint64_t attributes);
	efi_status (*close)(struct efi_file *self);
	void *delete_file;
	efi_status (*read)(struct efi_file *self, uint64_t *size, void *buf);
	void *write, *get_position, *set_position;
	efi_status (*get_info)(struct efi_file *self, const struct efi_guid *type, uint64_t *size,
			       void *buf);
	/* set_info, flush, ... are never called */
};

#define EFI_FILE_MODE_READ 1ull

struct efi_simple_file_system {
	uint64_t revision;
	efi_status (*open_volume)(struct efi_simple_file_system *self, struct efi_file **root);
};

/* EFI_FILE_INFO: the fields before the (variable) file name. EFI_TIME is 16 bytes. */
struct efi_file_info {
	uint64_t size;
	uint64_t file_size;
	uint64_t physical_size;
	uint8_t create_time[16], access_time[16], modification_time[16];
	uint64_t attribute;
	/* efi_char16 file_name[] follows */
};

#define EFI_LOADED_IMAGE_GUID                                                                      \
	{ 0x5b1b31a1, 0x9562, 0x11d2, { 0x8e, 0x3f, 0x00, 0xa0, 0xc9, 0x69, 0x72, 0x3b } }
#define EFI_SIMPLE_FILE_SYSTEM_GUID                                                                \
	{ 0x964e5b22, 0x6459, 0x11d2, { 0x8e, 0x39, 0x00, 0xa0, 0xc9, 0x69, 0x72, 0x3b } }
#define EFI_FILE_INFO_GUID                                                                         \
	{ 0x09576e92, 0x6d3f, 0x11d2, { 0x8e, 0x39, 0x00, 0xa0, 0xc9, 0x69, 0x72, 0x3b } }
#define EFI_ACPI_20_TABLE_GUID                                                                     \
	{ 0x8868e871, 0xe4f1, 0x11d3, { 0xbc, 0x22, 0x00, 0x80, 0xc7, 0x3c, 0x88, 0x81 } }
#define EFI_ACPI_10_TABLE_GUID                                                                     \
	{ 0xeb9d2d30, 0x2d88, 0x11d3, { 0x9a, 0x16, 0x00, 0x90, 0x27, 0x3f, 0xc1, 0x4d } }
#define EFI_DTB_TABLE_GUID                                                                         \
	{ 0xb1b621d5, 0xf19c, 0x41a5, { 0x83, 0x0b, 0xd9, 0x15, 0x2c, 0x69, 0xaa, 0xe0 } }

#endif
