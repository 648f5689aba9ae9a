DROP TABLE /* TEMPLATE: schema */river_client;
