"""Building blocks shared by every part of the schema: scalars, enums, ids, money, connections, errors."""
