-- its declared volatility counts here: an IMMUTABLE default is a stored fast default
alter table orders add column channel text default to_sentinel('none') not null;
