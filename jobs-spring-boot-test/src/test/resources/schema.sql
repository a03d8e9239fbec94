create table if not exists users (email varchar(200) primary key, name varchar(200) not null);
