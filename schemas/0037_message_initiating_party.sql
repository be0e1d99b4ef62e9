-- Who sent a pain.001: its GrpHdr/InitgPty, as the element-tree encoding
-- (gateway/core/element_tree.h), kept once per file (2 KiB at most: a larger
-- one keeps its name alone). Statements name it for each of the file's
-- payments. Files accepted before have none.
ALTER TABLE messages ADD COLUMN initiating_party TEXT NOT NULL DEFAULT '';
