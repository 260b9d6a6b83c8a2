import SQLiteNIO
